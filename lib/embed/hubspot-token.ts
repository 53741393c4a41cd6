import "server-only";
import { randomUUID } from "node:crypto";
import { SignJWT, errors as joseErrors, jwtVerify } from "jose";
import { env } from "@/lib/env";

// The token in the "Open in Candor" iframe URL. HubSpot does not sign the iframe load, so the
// card endpoint (which HubSpot does sign) mints this: HS256, ≤ 60 s, single use (its jti is
// consumed on first load), bound to the portal, the HubSpot user, the record and the Candor
// session created for that user. Its audience differs from Candor's access and bootstrap tokens,
// so none of them can stand in for another.

const key = new TextEncoder().encode(env.SESSION_SECRET);
const ISSUER = "candor";
const AUDIENCE = "hubspot_iframe";
export const IFRAME_TOKEN_TTL_SECONDS = 60;

export interface IframeClaims {
  sid: string;
  portal: string;
  hsu: string;
  rec: string;
  jti: string;
  exp: number;
}

export async function mintIframeToken(claims: Pick<IframeClaims, "sid" | "portal" | "hsu" | "rec">, ttlSeconds = IFRAME_TOKEN_TTL_SECONDS) {
  const jti = randomUUID();
  const exp = Math.floor(Date.now() / 1000) + Math.min(ttlSeconds, IFRAME_TOKEN_TTL_SECONDS);
  const token = await new SignJWT({ sid: claims.sid, portal: claims.portal, hsu: claims.hsu, rec: claims.rec })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(jti)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key);
  return { token, jti, expiresAt: new Date(exp * 1000) };
}

export async function readIframeToken(token: string): Promise<{ ok: true; claims: IframeClaims } | { ok: false; reason: "expired" | "invalid" }> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    const { sid, portal, hsu, rec, jti, exp } = payload;
    if ([sid, portal, hsu, rec, jti].some((v) => typeof v !== "string") || typeof exp !== "number") return { ok: false, reason: "invalid" };
    return { ok: true, claims: { sid, portal, hsu, rec, jti, exp } as IframeClaims };
  } catch (err) {
    return { ok: false, reason: err instanceof joseErrors.JWTExpired ? "expired" : "invalid" };
  }
}
