import { randomBytes, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";
import { interactionPolicy, type Configuration, type KoaContext } from "oidc-provider";
import { logoutPage, messagePage } from "./pages";
import type { IdpClient } from "./types";
import type { UserDirectory } from "./user-directory";

export const SUPPORTED_SCOPES = ["openid", "email", "profile", "groups"] as const;

// Prefixed because cookies ignore ports: the Candor app and the other sandboxes share the
// 127.0.0.1 cookie jar with this provider, and oidc-provider's default "_session" is generic.
export const COOKIE_NAMES = {
  session: "acme_idp_session",
  interaction: "acme_idp_interaction",
  resume: "acme_idp_interaction_resume",
} as const;

async function signingKey(): Promise<Record<string, unknown>> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: "RS256", use: "sig" };
}

function loginPolicy(): interactionPolicy.Policy {
  const policy = interactionPolicy.base();
  // An existing session whose account was deactivated must not slide through silently:
  // findAccount then yields nothing, so ask for a fresh login instead of erroring later.
  policy.get("login")?.checks.add(
    new interactionPolicy.Check(
      "account_unavailable",
      "the signed-in account is no longer active",
      "login_required",
      (ctx) =>
        ctx.oidc.session.accountId !== undefined && ctx.oidc.account === undefined
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT,
    ),
  );
  return policy;
}

// Every registered client is first-party, so consent is implied: the grant simply covers
// whatever supported scopes were asked for, and the consent prompt never has to render.
async function firstPartyGrant(ctx: KoaContext) {
  const { oidc } = ctx;
  const accountId = oidc.session.accountId;
  const clientId = oidc.client?.clientId;
  if (accountId === undefined || clientId === undefined) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(clientId);
  const existing = grantId === undefined ? undefined : await oidc.provider.Grant.find(grantId);
  const grant =
    existing !== undefined && existing.accountId === accountId
      ? existing
      : new oidc.provider.Grant({ accountId, clientId });
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(" "));
  await grant.save();
  return grant;
}

export async function providerConfiguration(
  clients: readonly IdpClient[],
  directory: UserDirectory,
): Promise<Configuration> {
  return {
    clients: clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [...client.redirectUris],
      post_logout_redirect_uris: [...(client.postLogoutRedirectUris ?? [])],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      // Registered as basic, but oidc-provider accepts a secret in the body (post) for the
      // same client too, so both methods work without per-client configuration.
      token_endpoint_auth_method: "client_secret_basic",
    })),
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    // Candor talks to the provider server-side only; no browser origin needs CORS.
    clientBasedCORS: () => false,
    scopes: [...SUPPORTED_SCOPES],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    // next-auth reads roles from the id_token; by default oidc-provider would put scope
    // claims only in userinfo for the code flow.
    conformIdTokenClaims: false,
    responseTypes: ["code"],
    pkce: { required: () => true },
    cookies: {
      names: { ...COOKIE_NAMES },
      // Fresh per start: sessions do not need to survive a restart of the sandbox.
      keys: [randomBytes(32).toString("base64url")],
      // No `secure` flag: over plain http Koa would refuse to send it, and oidc-provider adds
      // it by itself whenever the request is https. Lax is what Chromium needs over http.
      long: { httpOnly: true, sameSite: "lax" },
      short: { httpOnly: true, sameSite: "lax" },
    },
    jwks: { keys: [await signingKey()] },
    features: {
      devInteractions: { enabled: false },
      // Without a resource parameter the access token stays opaque and valid at userinfo.
      resourceIndicators: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.type = "html";
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = "html";
          ctx.body = messagePage("Signed out", "You have been signed out of Acme Identity.");
        },
      },
    },
    interactions: { policy: loginPolicy() },
    loadExistingGrant: firstPartyGrant,
    findAccount: async (_ctx, sub) => {
      const user = directory.findActive(sub);
      if (user === undefined) return undefined;
      return {
        accountId: user.sub,
        claims: () => ({
          sub: user.sub,
          email: user.email,
          email_verified: true,
          name: user.name,
          groups: [...user.groups],
        }),
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = messagePage("Sign-in error", out.error_description ?? out.error);
    },
    // Explicit values also silence oidc-provider's "you SHOULD change this" notices.
    ttl: {
      AccessToken: 60 * 60,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      Interaction: 60 * 60,
      Session: 8 * 60 * 60,
      Grant: 8 * 60 * 60,
    },
  };
}
