import "server-only";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/authz";

// Session rows: every credential Candor hands out (embedded bearer token, SSO cookie) names one,
// and every request reloads it, so revoking the row or deactivating the user ends access on the
// next request. Split from session.ts so identity code can open sessions without importing the
// request/cookie side (and next-auth) that session.ts carries.

export async function createSession(
  input: { tenantId: string; userId: string; source: string },
  tx: Tx | typeof db = db,
  maxHours: number = env.EMBED_SESSION_MAX_HOURS,
) {
  const expiresAt = new Date(Date.now() + maxHours * 3600_000);
  return tx.session.create({ data: { ...input, expiresAt } });
}

export async function loadPrincipal(sessionId: string, tx: Tx | typeof db = db, endedMessage?: string): Promise<Principal> {
  const session = await tx.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true, tenantId: true, expiresAt: true, revokedAt: true,
      user: { select: { id: true, role: true, region: true, team: true, active: true } },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || !session.user.active) {
    throw new AppError("unauthenticated", endedMessage ?? "Your session has ended. Reopen Candor from the record page.");
  }
  const { user } = session;
  return { userId: user.id, tenantId: session.tenantId, role: user.role, region: user.region, team: user.team, sessionId: session.id };
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
