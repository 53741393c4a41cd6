import "server-only";
import { hkdfSync } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import { decode as decodeJwt, encode as encodeJwt } from "next-auth/jwt";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env } from "@/lib/env";
import { safeRedirectPath } from "@/lib/http/redirect";
import { signInWithOidc, type OidcClaims } from "@/lib/identity/sso";
import { log } from "@/lib/log";

// next-auth's configuration for SSO on the standalone pages (OIDC, authorization code + PKCE).
// Imported only by the next-auth route and lib/auth/session.ts. next-auth owns the OAuth dance and
// the encrypted cookie; the cookie carries nothing but the id of a Candor Session row (and the
// id_token, kept for RP-initiated logout), so every request re-checks that row.

declare module "next-auth" {
  interface User {
    candorSessionId?: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
    idToken?: string;
  }
}

export const SSO_PROVIDER_ID = "candor-sso";

export function ssoEnabled(): boolean {
  return Boolean(env.OIDC_ISSUER);
}

const publicOrigin = new URL(env.PUBLIC_BASE_URL).origin;
const secure = new URL(env.PUBLIC_BASE_URL).protocol === "https:";
// __Host- pins a cookie to this exact origin (Secure, Path=/, no Domain); browsers only accept
// the prefix over https, so plain-http development drops it.
const prefix = secure ? "__Host-" : "";
const cookie = (name: string, maxAge?: number) => ({
  name: `${prefix}candor.${name}`,
  // Lax, not Strict: the IdP's redirect back to the callback is a cross-site top-level
  // navigation that must carry the state and PKCE cookies.
  options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure, ...(maxAge ? { maxAge } : {}) },
});

export const SSO_COOKIES = {
  sessionToken: cookie("session"),
  callbackUrl: cookie("callback-url"),
  csrfToken: cookie("csrf"),
  pkceCodeVerifier: cookie("pkce", 15 * 60),
  state: cookie("state", 15 * 60),
  nonce: cookie("nonce", 15 * 60),
};

// A key of its own for the cookie encryption, derived from SESSION_SECRET unless one is given,
// so deployments have one fewer secret to manage and the two keys are still independent.
export const SSO_SECRET =
  env.NEXTAUTH_SECRET ?? Buffer.from(hkdfSync("sha256", env.SESSION_SECRET, "candor", "next-auth session cookie", 32)).toString("base64url");

export const SSO_MAX_AGE_SECONDS = env.SSO_SESSION_HOURS * 3600;

const issuer = (env.OIDC_ISSUER ?? "").replace(/\/+$/, "");

interface IdTokenClaims extends Record<string, unknown> {
  iss: string;
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
}

function claimsFrom(profile: IdTokenClaims): OidcClaims {
  const rawGroups = profile[env.OIDC_GROUPS_CLAIM];
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === "string") : null;
  // Some IdPs send email_verified as the string "true"; Entra sends no such claim at all.
  const verified = profile.email_verified;
  return {
    iss: profile.iss,
    sub: profile.sub,
    email: typeof profile.email === "string" ? profile.email : null,
    emailVerified: verified === undefined ? null : verified === true || verified === "true",
    groups,
  };
}

const provider: OAuthConfig<IdTokenClaims> = {
  id: SSO_PROVIDER_ID,
  name: "your company account",
  type: "oauth",
  wellKnown: `${issuer}/.well-known/openid-configuration`,
  // openid-client compares the id_token's `iss` with this string exactly.
  issuer: env.OIDC_ISSUER,
  clientId: env.OIDC_CLIENT_ID,
  clientSecret: env.OIDC_CLIENT_SECRET,
  authorization: { params: { scope: env.OIDC_SCOPES } },
  idToken: true,
  checks: ["pkce", "state"],
  profile: (profile) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? null }),
};

export const ssoAuthOptions: NextAuthOptions = {
  providers: ssoEnabled() ? [provider] : [],
  secret: SSO_SECRET,
  useSecureCookies: secure,
  cookies: SSO_COOKIES,
  session: { strategy: "jwt", maxAge: SSO_MAX_AGE_SECONDS },
  jwt: { maxAge: SSO_MAX_AGE_SECONDS, encode: encodeJwt, decode: decodeJwt },
  pages: { signIn: "/signin", error: "/signin" },
  callbacks: {
    async signIn({ user, profile }) {
      if (!profile) return `${env.PUBLIC_BASE_URL}/signin?error=Callback`;
      const outcome = await signInWithOidc(claimsFrom(profile as IdTokenClaims));
      if (!outcome.ok) return `${env.PUBLIC_BASE_URL}/signin?error=${outcome.reason}`;
      // next-auth hands this same object to the jwt callback below.
      user.candorSessionId = outcome.sessionId;
      return true;
    },
    // Only the Session row id and the id_token go into the cookie: no name, email or picture,
    // which would go stale and which session.ts reads from the database anyway.
    async jwt({ token, user, account }) {
      if (user?.candorSessionId) return { sid: user.candorSessionId, idToken: account?.id_token };
      return token;
    },
    // Where next-auth sends the browser after sign-in (the callbackUrl it was given, kept in a
    // cookie meanwhile): only ever a path on Candor's own origin.
    async redirect({ url }) {
      return `${publicOrigin}${safeRedirectPath(url, publicOrigin)}`;
    },
    async session({ session }) {
      return { expires: session.expires };
    },
  },
  logger: {
    // Codes and messages only: metadata can hold tokens and authorization codes.
    error: (code, metadata) => {
      const message = metadata instanceof Error ? metadata.message : (metadata as { error?: Error }).error?.message;
      log.error({ code, message }, "sso error");
    },
    warn: (code) => log.warn({ code }, "sso warning"),
    debug: () => {},
  },
};

interface Discovery {
  end_session_endpoint?: string;
}
let discovery: { at: number; doc: Promise<Discovery> } | null = null;

function discover(): Promise<Discovery> {
  if (!discovery || Date.now() - discovery.at > 3600_000) {
    const doc = fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5_000) })
      .then((r) => (r.ok ? (r.json() as Promise<Discovery>) : {}))
      .catch(() => {
        discovery = null;
        return {};
      });
    discovery = { at: Date.now(), doc };
  }
  return discovery.doc;
}

// Where the browser goes after Candor forgets the session: the IdP's RP-initiated logout when it
// offers one (Okta, Entra, the local IdP), else straight back to the sign-in page (Google).
export async function signedOutUrl(idToken: string | undefined): Promise<string> {
  const back = `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}/signin`;
  const endpoint = ssoEnabled() ? (await discover()).end_session_endpoint : undefined;
  if (!endpoint) return `${back}?state=signed-out`;
  const url = new URL(endpoint);
  if (idToken) url.searchParams.set("id_token_hint", idToken);
  url.searchParams.set("client_id", env.OIDC_CLIENT_ID);
  url.searchParams.set("post_logout_redirect_uri", back);
  url.searchParams.set("state", "signed-out");
  return url.toString();
}
