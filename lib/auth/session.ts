import "server-only";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { can, type Capability, type Principal } from "@/lib/authz";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { safeRedirectPath } from "@/lib/http/redirect";
import { consumeOnce } from "./nonces";
import { loadPrincipal, revokeSession } from "./session-store";
import { SSO_COOKIES, ssoAuthOptions, SSO_SECRET, signedOutUrl } from "./sso";
import { mintToken, verifyToken } from "./tokens";

export { createSession, revokeUserSessions } from "./session-store";
export { SSO_PROVIDER_ID, ssoEnabled } from "./sso";

// The one place that turns a request into a Principal, and the only reader of the SSO cookie.
// Two credentials, one kind of session: the embedded panel sends a bearer token, the standalone
// pages carry next-auth's cookie. Both name a Session row that is reloaded on every request, so
// revoking it (sign-out, SCIM deactivation) ends access on the next request.

const SSO_ENDED = "Your session has ended. Sign in again.";
const publicOrigin = new URL(env.PUBLIC_BASE_URL).origin;

type CookieReader = { get(name: string): string | undefined; names(): string[] };

function cookiesFromHeader(header: string | null): CookieReader {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!jar.has(name)) jar.set(name, part.slice(eq + 1).trim());
  }
  return { get: (name) => jar.get(name), names: () => [...jar.keys()] };
}

// next-auth splits a cookie over ~4 kB into name.0, name.1, … (an Entra id_token with many
// claims can get there).
function sessionCookieValue(jar: CookieReader): string | null {
  const name = SSO_COOKIES.sessionToken.name;
  const whole = jar.get(name);
  if (whole) return whole;
  const chunks = jar
    .names()
    .filter((n) => n.startsWith(`${name}.`) && /^\d+$/.test(n.slice(name.length + 1)))
    .sort((a, b) => Number(a.slice(name.length + 1)) - Number(b.slice(name.length + 1)));
  return chunks.length ? chunks.map((n) => jar.get(n)).join("") : null;
}

interface SsoToken {
  sid: string;
  idToken?: string;
}

async function readSsoToken(jar: CookieReader): Promise<SsoToken | null> {
  const raw = sessionCookieValue(jar);
  if (!raw) return null;
  try {
    const payload = await ssoAuthOptions.jwt!.decode!({ token: raw, secret: SSO_SECRET });
    return payload && typeof payload.sid === "string" ? { sid: payload.sid, idToken: payload.idToken } : null;
  } catch {
    return null;
  }
}

// Cookies ride along on any request to our origin; a state-changing one must come from our own
// pages. Browsers send Origin on every cross-origin and same-origin POST/PUT/PATCH/DELETE.
function assertSameOrigin(req: Request): void {
  if (req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (origin ? origin === publicOrigin : site === "same-origin") return;
  throw new AppError("forbidden", "Cross-site request refused.");
}

export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization");
  const match = header?.match(/^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/);
  return match?.[1] ?? null;
}

// accept: "bearer" for the embedded panel's routes, "cookie" for the standalone pages' own
// routes, "any" for routes both use.
export async function principalFromRequest(req: Request, accept: "any" | "bearer" | "cookie" = "any"): Promise<Principal> {
  // A request that presents an Authorization header is judged by it alone.
  if (req.headers.has("authorization") && accept !== "cookie") {
    const token = bearerToken(req);
    if (!token) throw new AppError("unauthenticated", "Malformed bearer token.");
    const claims = await verifyToken(token, "access");
    return loadPrincipal(claims.sid);
  }
  if (accept === "bearer") throw new AppError("unauthenticated", "Missing bearer token.");
  const sso = await readSsoToken(cookiesFromHeader(req.headers.get("cookie")));
  if (!sso) throw new AppError("unauthenticated", accept === "cookie" ? "Sign in first." : "Missing bearer token or session cookie.");
  assertSameOrigin(req);
  return loadPrincipal(sso.sid, db, SSO_ENDED);
}

// Where to go back to after sign-in, from input: a path on Candor's own origin, or /dashboard.
export function safeReturnPath(target: unknown): string {
  return safeRedirectPath(target, publicOrigin);
}

// For server components of the standalone pages: the signed-in principal, or null.
export async function currentPagePrincipal(): Promise<Principal | null> {
  const store = await cookies();
  const jar: CookieReader = { get: (n) => store.get(n)?.value, names: () => store.getAll().map((c) => c.name) };
  const sso = await readSsoToken(jar);
  if (!sso) return null;
  try {
    return await loadPrincipal(sso.sid, db, SSO_ENDED);
  } catch (err) {
    if (err instanceof AppError && err.code === "unauthenticated") return null;
    throw err;
  }
}

// The signed-in principal, or a redirect to sign-in that comes back to `returnTo`.
export async function pagePrincipal(returnTo: string): Promise<Principal> {
  const principal = await currentPagePrincipal();
  if (principal) return principal;
  redirect(`/signin?callbackUrl=${encodeURIComponent(safeReturnPath(returnTo))}`);
}


// A signed-in user whose role lacks the capability gets the 403 page.
export async function pagePrincipalWith(returnTo: string, capability: Capability): Promise<Principal> {
  const principal = await pagePrincipal(returnTo);
  if (!can(principal, capability)) forbidden();
  return principal;
}

function expiredCookie(name: string): string {
  const secure = SSO_COOKIES.sessionToken.options.secure ? "; Secure" : "";
  return `${name}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax${secure}`;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

// Sign-out: revoke the Session row, drop the cookie, then hand the browser to the IdP's logout
// so the next sign-in asks for credentials again. The answer to the form POST is a page that
// moves on by itself rather than a redirect: CSP `form-action 'self'` also governs where a form
// submission may be redirected, and the IdP is another origin.
// `signedOut` names the session that ended (for the route's audit row), or null when there was none.
export async function signOut(req: Request, tx: Tx, signedOut: (s: { tenantId: string; userId: string; sessionId: string } | null) => void): Promise<Response> {
  assertSameOrigin(req);
  const jar = cookiesFromHeader(req.headers.get("cookie"));
  const sso = await readSsoToken(jar);
  const session = sso ? await tx.session.findUnique({ where: { id: sso.sid }, select: { tenantId: true, userId: true } }) : null;
  signedOut(session && (await revokeSession(sso!.sid, tx)) ? { ...session, sessionId: sso!.sid } : null);
  const next = escapeHtml(await signedOutUrl(sso?.idToken));
  const headers = new Headers({ "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  const name = SSO_COOKIES.sessionToken.name;
  for (const n of jar.names()) if (n === name || n.startsWith(`${name}.`)) headers.append("set-cookie", expiredCookie(n));
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${next}">
<title>Signing out · Candor</title></head><body><p>You are signed out of Candor. <a href="${next}">Continue</a></p></body></html>`;
  return new Response(page, { status: 200, headers });
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
