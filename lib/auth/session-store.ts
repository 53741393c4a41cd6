import "server-only";
import { db, sqlQuery, type Tx } from "@/lib/db";
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

interface SessionRow {
  id: string;
  tenant_id: string;
  user_id: string;
  role: Principal["role"];
  region: string | null;
  team: string | null;
}

// Runs on every API request, so outside a transaction it is one prepared statement rather than a
// Prisma query (lib/db.ts sqlQuery). A live session is one that is not revoked, not expired, and
// whose user is active, as of this statement: nothing about it is cached.
const LIVE_SESSION_SQL = `
SELECT s.id, s.tenant_id, u.id AS user_id, u.role, u.region, u.team
  FROM sessions s JOIN users u ON u.id = s.user_id
 WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function liveSession(sessionId: string, tx: Tx | typeof db): Promise<SessionRow | null> {
  if (!UUID.test(sessionId)) return null;
  if (tx === db) return (await sqlQuery<SessionRow>("candor_live_session_v1", LIVE_SESSION_SQL, [sessionId]))[0] ?? null;
  const session = await tx.session.findUnique({
    where: { id: sessionId },
    select: { id: true, tenantId: true, expiresAt: true, revokedAt: true, user: { select: { id: true, role: true, region: true, team: true, active: true } } },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || !session.user.active) return null;
  const { user } = session;
  return { id: session.id, tenant_id: session.tenantId, user_id: user.id, role: user.role, region: user.region, team: user.team };
}

export async function loadPrincipal(sessionId: string, tx: Tx | typeof db = db, endedMessage?: string): Promise<Principal> {
  const session = await liveSession(sessionId, tx);
  if (!session) throw new AppError("unauthenticated", endedMessage ?? "Your session has ended. Reopen Candor from the record page.");
  return { userId: session.user_id, tenantId: session.tenant_id, role: session.role, region: session.region, team: session.team, sessionId: session.id };
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
