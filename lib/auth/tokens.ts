import "server-only";
import { randomUUID } from "node:crypto";
import { SignJWT, errors as joseErrors, jwtVerify } from "jose";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// Candor's own short-lived tokens (HS256). "access" authenticates API calls from the embedded
// panel (held in memory, sent as Bearer); "bootstrap" is a single-use, ≤60 s code that carries a
// verified CRM context from the embed entry to the panel, which exchanges it for an access token.
const key = new TextEncoder().encode(env.SESSION_SECRET);
const ISSUER = "candor";

export type TokenType = "access" | "bootstrap";

export interface TokenClaims {
  sid: string;
  typ: TokenType;
  jti: string;
  exp: number;
  rec?: string;
}

export async function mintToken(
  typ: TokenType,
  sid: string,
  ttlSeconds: number,
  extra: { rec?: string } = {},
): Promise<{ token: string; jti: string; expiresAt: Date }> {
  const jti = randomUUID();
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const token = await new SignJWT({ sid, typ, ...extra })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(typ)
    .setJti(jti)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key);
  return { token, jti, expiresAt: new Date(exp * 1000) };
}

// Access tokens already verified, until they expire: a panel sends the same bearer token with
// every request, and a signature that checked out once cannot stop checking out. What the token
// grants is still decided on every request, from the session row it names (loadPrincipal).
const verifiedAccess = new Map<string, TokenClaims>();
const VERIFIED_LIMIT = 10_000;

export async function verifyToken(token: string, typ: TokenType): Promise<TokenClaims> {
  const known = typ === "access" ? verifiedAccess.get(token) : undefined;
  if (known) {
    if (known.exp * 1000 > Date.now()) return known;
    verifiedAccess.delete(token);
  }
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: typ, algorithms: ["HS256"] });
    if (payload.typ !== typ || typeof payload.sid !== "string" || typeof payload.jti !== "string") {
      throw new AppError("unauthenticated", "Invalid token.");
    }
    const claims = payload as unknown as TokenClaims;
    if (typ === "access") {
      if (verifiedAccess.size >= VERIFIED_LIMIT) verifiedAccess.delete(verifiedAccess.keys().next().value!);
      verifiedAccess.set(token, claims);
    }
    return claims;
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new AppError("unauthenticated", "Your session expired.");
    throw new AppError("unauthenticated", "Invalid token.");
  }
}
