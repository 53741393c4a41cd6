import "server-only";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/authz";
import { grantsFor, roleGrants } from "@/lib/authz/store";

// Session rows: every credential Candor hands out (embedded bearer token, SSO cookie) names one,
// and every request reloads it, so revoking the row or deactivating the user ends access on the
// next request. Split from session.ts so identity code can open sessions without importing the
// request/cookie side (and next-auth) that session.ts carries.

export async function createSession(
  input: { tenantId: string; userId: string; source: string; recordRef?: string | null },
  tx: Tx | typeof db = db,
  maxHours: number = env.EMBED_SESSION_MAX_HOURS,
) {
  const expiresAt = new Date(Date.now() + maxHours * 3600_000);
  return tx.session.create({ data: { ...input, expiresAt } });
}

// One query per request: the session, its user with their role, and the tenant's matrix version
// in force. Revoking the session, deactivating the user, changing their role or saving a new
// matrix therefore all apply on the next request, in every process.
export async function loadPrincipal(sessionId: string, tx: Tx | typeof db = db, endedMessage?: string): Promise<Principal> {
  const session = await tx.session.findUnique({
    relationLoadStrategy: "join",
    where: { id: sessionId },
    select: {
      id: true, tenantId: true, expiresAt: true, revokedAt: true, recordRef: true,
      user: {
        select: {
          id: true, role: true, region: true, teamId: true, active: true,
          roleDef: { select: { name: true } }, tenant: { select: { matrixVersion: true } },
        },
      },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || !session.user.active) {
    throw new AppError("unauthenticated", endedMessage ?? "Your session has ended. Reopen Candor from the record page.");
  }
  const { user } = session;
  const version = user.tenant.matrixVersion;
  const grants = await grantsFor(session.tenantId, version, tx);
  return {
    userId: user.id, tenantId: session.tenantId, sessionId: session.id, role: user.role, roleName: user.roleDef.name,
    region: user.region, teamId: user.teamId, grants: roleGrants(grants, user.role), matrixVersion: version,
    recordRef: session.recordRef,
  };
}

// The principal a user would have, without a session: the HubSpot card (which answers before a
// session exists) and the admin's "check access" tool.
export async function principalForUser(tx: Tx | typeof db, tenantId: string, userId: string): Promise<Principal | null> {
  const user = await tx.user.findFirst({
    relationLoadStrategy: "join",
    where: { id: userId, tenantId, active: true },
    select: { id: true, role: true, region: true, teamId: true, roleDef: { select: { name: true } }, tenant: { select: { matrixVersion: true } } },
  });
  if (!user) return null;
  const version = user.tenant.matrixVersion;
  const grants = await grantsFor(tenantId, version, tx);
  return {
    userId: user.id, tenantId, sessionId: "", role: user.role, roleName: user.roleDef.name, region: user.region,
    teamId: user.teamId, grants: roleGrants(grants, user.role), matrixVersion: version, recordRef: null,
  };
}

export async function revokeSession(sessionId: string, tx: Tx | typeof db = db): Promise<boolean> {
  const { count } = await tx.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}

export async function revokeUserSessions(userId: string, tx: Tx | typeof db = db): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}
