import "server-only";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/authz";
import { consumeOnce } from "./nonces";
import { mintToken, verifyToken } from "./tokens";

// The one place that turns a request into a Principal. Every token points at a Session row, so
// revoking the row (sign-out, SCIM deactivation) ends every token minted for it on the next request.

export async function createSession(
  input: { tenantId: string; userId: string; source: string },
  tx: Tx | typeof db = db,
) {
  const expiresAt = new Date(Date.now() + env.EMBED_SESSION_MAX_HOURS * 3600_000);
  return tx.session.create({ data: { ...input, expiresAt } });
}

async function loadPrincipal(sessionId: string, tx: Tx | typeof db = db): Promise<Principal> {
  const session = await tx.session.findUnique({
    where: { id: sessionId },
    select: {
      id: true, tenantId: true, expiresAt: true, revokedAt: true,
      user: { select: { id: true, role: true, region: true, team: true, active: true } },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || !session.user.active) {
    throw new AppError("unauthenticated", "Your session has ended. Reopen Candor from the record page.");
  }
  const { user } = session;
  return { userId: user.id, tenantId: session.tenantId, role: user.role, region: user.region, team: user.team, sessionId: session.id };
}

export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  const match = header?.match(/^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/);
  return match?.[1] ?? null;
}

export async function principalFromRequest(req: Request): Promise<Principal> {
  const token = bearerToken(req);
  if (!token) throw new AppError("unauthenticated", "Missing bearer token.");
  const claims = await verifyToken(token, "access");
  return loadPrincipal(claims.sid);
}

export async function issueAccessToken(sessionId: string) {
  const { token, expiresAt } = await mintToken("access", sessionId, env.EMBED_TOKEN_TTL_SECONDS);
  return { token, expiresAt: expiresAt.toISOString() };
}

export async function issueBootstrapCode(sessionId: string, recordRef: string) {
  const { token } = await mintToken("bootstrap", sessionId, 60, { rec: recordRef });
  return token;
}

// A bootstrap code works once: the jti is consumed before the session is trusted. Inside a
// transaction, pass it: the embedded database has one connection, so a query outside the
// transaction would wait for it to finish.
export async function exchangeBootstrapCode(code: string, tx: Tx | typeof db = db) {
  const claims = await verifyToken(code, "bootstrap");
  if (!(await consumeOnce(`bootstrap:${claims.jti}`, new Date(claims.exp * 1000), tx))) {
    throw new AppError("unauthenticated", "This link was already used. Reopen Candor from the record page.");
  }
  const principal = await loadPrincipal(claims.sid, tx);
  return { principal, record: claims.rec ?? null, ...(await issueAccessToken(claims.sid)) };
}

export async function revokeUserSessions(userId: string, tx: Tx | typeof db = db): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}
