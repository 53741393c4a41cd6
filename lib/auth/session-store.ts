import "server-only";
import { db, sqlQuery, type Tx } from "@/lib/db";
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

interface LiveSession {
  id: string;
  tenantId: string;
  recordRef: string | null;
  userId: string;
  role: string;
  roleName: string;
  region: string | null;
  teamId: string | null;
  matrixVersion: number;
}

// A live session is one that is not revoked, not expired, and whose user is active, as of this
// statement; with it, the user's role and the tenant's matrix version in force. It runs on every
// API request, so outside a transaction it is one prepared statement rather than a Prisma query
// (lib/db.ts sqlQuery: Prisma compiles every query it runs).
const LIVE_SESSION_SQL = `
SELECT s.id, s.tenant_id AS "tenantId", s.record_ref AS "recordRef", u.id AS "userId", u.role, r.name AS "roleName",
       u.region, u.team_id AS "teamId", t.matrix_version AS "matrixVersion"
  FROM sessions s
  JOIN users u ON u.id = s.user_id
  JOIN roles r ON r.tenant_id = u.tenant_id AND r.key = u.role
  JOIN tenants t ON t.id = u.tenant_id
 WHERE s.id = $1::uuid AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function liveSession(sessionId: string, tx: Tx | typeof db): Promise<LiveSession | null> {
  if (!UUID.test(sessionId)) return null;
  if (tx === db) return (await sqlQuery<LiveSession>("candor_live_session_v2", LIVE_SESSION_SQL, [sessionId]))[0] ?? null;
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
  if (!session || session.revokedAt || session.expiresAt <= new Date() || !session.user.active) return null;
  const { user } = session;
  return {
    id: session.id, tenantId: session.tenantId, recordRef: session.recordRef, userId: user.id, role: user.role,
    roleName: user.roleDef.name, region: user.region, teamId: user.teamId, matrixVersion: user.tenant.matrixVersion,
  };
}

// One query per request: the session, its user with their role, and the tenant's matrix version
// in force. Revoking the session, deactivating the user, changing their role or saving a new
// matrix therefore all apply on the next request, in every process.
export async function loadPrincipal(sessionId: string, tx: Tx | typeof db = db, endedMessage?: string): Promise<Principal> {
  const session = await liveSession(sessionId, tx);
  if (!session) throw new AppError("unauthenticated", endedMessage ?? "Your session has ended. Reopen Candor from the record page.");
  const grants = await grantsFor(session.tenantId, session.matrixVersion, tx);
  return {
    userId: session.userId, tenantId: session.tenantId, sessionId: session.id, role: session.role, roleName: session.roleName,
    region: session.region, teamId: session.teamId, grants: roleGrants(grants, session.role), matrixVersion: session.matrixVersion,
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
