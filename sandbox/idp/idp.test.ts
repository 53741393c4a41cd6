import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDP_USERS, DEMO_PASSWORD, startIdp, type Idp } from "./index";
import { DEACTIVATED_MESSAGE, INVALID_CREDENTIALS_MESSAGE } from "./interaction-routes";
import { COOKIE_NAMES } from "./provider-config";
import { basicAuth, CookieJar, hop, location, pkcePair, postForm } from "@/test/support/idp";

const CLIENT = {
  clientId: "candor-web",
  clientSecret: "test-only-client-secret",
  // Never contacted: the flow stops at the redirect and reads the code from the Location.
  redirectUris: ["http://127.0.0.1:3999/api/auth/callback/acme"],
  postLogoutRedirectUris: ["http://127.0.0.1:3999/signed-out"],
};
const REDIRECT_URI = CLIENT.redirectUris[0]!;
const ADMIN = DEMO_IDP_USERS.find((user) => user.email === "admin@acme.example")!;
const MANAGER = DEMO_IDP_USERS.find((user) => user.email === "manager.emea@acme.example")!;

let idp: Idp;

beforeAll(async () => {
  idp = await startIdp({ port: 0, clients: [CLIENT], users: DEMO_IDP_USERS });
});

afterAll(async () => {
  await idp?.close();
});

interface Started {
  jar: CookieJar;
  verifier: string;
  state: string;
  nonce: string;
  first: Response;
}

/** `overrides` replaces query parameters; undefined removes one. */
async function authorize(
  jar = new CookieJar(),
  overrides: Record<string, string | undefined> = {},
): Promise<Started> {
  const { verifier, challenge } = pkcePair();
  const state = crypto.randomUUID();
  const nonce = crypto.randomUUID();
  const url = new URL("/auth", idp.issuer);
  const params = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid email profile groups",
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) params.delete(name);
    else params.set(name, value);
  }
  url.search = params.toString();
  return { jar, verifier, state, nonce, first: await hop(jar, url) };
}

/** Follows provider redirects until one leaves for the client, the way a browser would. */
async function followToClient(jar: CookieJar, response: Response): Promise<URL> {
  let current = response;
  for (let hops = 0; hops < 5; hops += 1) {
    const next = location(current, idp.issuer);
    if (next.href.startsWith(REDIRECT_URI)) return next;
    current = await hop(jar, next);
  }
  throw new Error("too many redirects");
}

async function openLoginForm(started: Started): Promise<URL> {
  expect(started.first.status).toBe(303);
  const interaction = location(started.first, idp.issuer);
  expect(interaction.pathname).toMatch(/^\/interaction\/[\w-]+$/);
  return interaction;
}

function submitLogin(jar: CookieJar, interaction: URL, email: string, password: string) {
  return hop(jar, new URL(`${interaction.pathname}/login`, idp.issuer), postForm({ email, password }));
}

async function signIn(email: string, password = DEMO_PASSWORD) {
  const started = await authorize();
  const interaction = await openLoginForm(started);
  const login = await submitLogin(started.jar, interaction, email, password);
  expect(login.status).toBe(303);
  const callback = await followToClient(started.jar, login);
  expect(callback.searchParams.get("state")).toBe(started.state);
  const code = callback.searchParams.get("code");
  expect(code).toBeTruthy();
  return { ...started, code: code! };
}

function exchange(code: string, verifier: string, auth: "basic" | "post" = "basic") {
  const fields: Record<string, string> = {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  };
  const init = postForm(auth === "post" ? { ...fields, client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret } : fields);
  if (auth === "basic") {
    init.headers = { ...init.headers, authorization: basicAuth(CLIENT.clientId, CLIENT.clientSecret) };
  }
  return fetch(new URL("/token", idp.issuer), init);
}

interface TokenResponse {
  access_token: string;
  id_token: string;
  token_type: string;
}

describe("sandbox IdP", () => {
  it("serves discovery and a public-only JWKS", async () => {
    const discovery = await (await fetch(new URL("/.well-known/openid-configuration", idp.issuer))).json();
    expect(discovery).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${idp.issuer}/auth`,
      token_endpoint: `${idp.issuer}/token`,
      userinfo_endpoint: `${idp.issuer}/me`,
      end_session_endpoint: `${idp.issuer}/session/end`,
      jwks_uri: `${idp.issuer}/jwks`,
      response_types_supported: ["code"],
      code_challenge_methods_supported: ["S256"],
      id_token_signing_alg_values_supported: ["RS256"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    });
    expect(discovery.scopes_supported).toEqual(["openid", "email", "profile", "groups"]);
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(["email", "email_verified", "name", "groups"]));

    const jwks = await (await fetch(discovery.jwks_uri)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });

  it("runs the authorization code + PKCE flow, userinfo and RP-initiated logout", async () => {
    const started = await authorize();
    const interaction = await openLoginForm(started);
    expect(started.jar.names()).toEqual(expect.arrayContaining([COOKIE_NAMES.interaction, COOKIE_NAMES.resume]));

    const page = await hop(started.jar, interaction);
    const markup = await page.text();
    expect(page.status).toBe(200);
    expect(markup).toContain("<title>Acme Identity (local)</title>");
    expect(markup).toContain(`action="${interaction.pathname}/login"`);
    expect(markup).toMatch(/<label for="email">Email<\/label>/);
    expect(markup).toMatch(/<label for="password">Password<\/label>/);
    expect(markup).toContain("manager.na@acme.example");

    const login = await submitLogin(started.jar, interaction, ADMIN.email, ADMIN.password);
    expect(login.status).toBe(303);
    const callback = await followToClient(started.jar, login);
    expect(callback.searchParams.get("state")).toBe(started.state);
    expect(callback.searchParams.get("iss")).toBe(idp.issuer);
    expect(started.jar.names()).toContain(COOKIE_NAMES.session);

    const tokenResponse = await exchange(callback.searchParams.get("code")!, started.verifier);
    expect(tokenResponse.status).toBe(200);
    const tokens = (await tokenResponse.json()) as TokenResponse;
    expect(tokens.token_type).toBe("Bearer");

    const jwks = createRemoteJWKSet(new URL("/jwks", idp.issuer));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, {
      issuer: idp.issuer,
      audience: CLIENT.clientId,
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({
      sub: ADMIN.sub,
      email: ADMIN.email,
      email_verified: true,
      name: ADMIN.name,
      groups: ["candor-admins"],
      nonce: started.nonce,
    });

    const userinfo = await fetch(new URL("/me", idp.issuer), {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await userinfo.json()).toEqual({
      sub: ADMIN.sub,
      email: ADMIN.email,
      email_verified: true,
      name: ADMIN.name,
      groups: ["candor-admins"],
    });

    // Single sign-on: the session cookie alone completes a second authorization.
    const again = await authorize(started.jar);
    expect(location(again.first, idp.issuer).href.startsWith(REDIRECT_URI)).toBe(true);

    const endSession = new URL("/session/end", idp.issuer);
    endSession.search = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: CLIENT.postLogoutRedirectUris[0]!,
      state: "bye",
    }).toString();
    const confirmPage = await hop(started.jar, endSession);
    const confirmHtml = await confirmPage.text();
    expect(confirmHtml).toContain("Sign out of Acme Identity (local)?");
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirmHtml)?.[1];
    expect(xsrf).toBeTruthy();
    const loggedOut = await hop(
      started.jar,
      new URL("/session/end/confirm", idp.issuer),
      postForm({ xsrf: xsrf!, logout: "yes" }),
    );
    expect(loggedOut.status).toBe(303);
    expect(location(loggedOut, idp.issuer).href).toBe(`${CLIENT.postLogoutRedirectUris[0]}?state=bye`);
    expect(started.jar.names()).not.toContain(COOKIE_NAMES.session);

    const afterLogout = await authorize(started.jar);
    expect(location(afterLogout.first, idp.issuer).pathname).toMatch(/^\/interaction\//);
  });

  it("requires S256 PKCE, checks the verifier and accepts client_secret_post", async () => {
    const withoutPkce = await authorize(new CookieJar(), {
      code_challenge: undefined,
      code_challenge_method: undefined,
    });
    const rejected = location(withoutPkce.first, idp.issuer);
    expect(rejected.href.startsWith(REDIRECT_URI)).toBe(true);
    expect(rejected.searchParams.get("error")).toBe("invalid_request");
    const plain = await authorize(new CookieJar(), { code_challenge_method: "plain" });
    expect(location(plain.first, idp.issuer).searchParams.get("error")).toBe("invalid_request");

    const first = await signIn(MANAGER.email);
    const wrongVerifier = await exchange(first.code, pkcePair().verifier);
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toMatchObject({ error: "invalid_grant" });

    const second = await signIn(MANAGER.email);
    const viaPost = await exchange(second.code, second.verifier, "post");
    expect(viaPost.status).toBe(200);
    const { payload } = await jwtVerify(
      ((await viaPost.json()) as TokenResponse).id_token,
      createRemoteJWKSet(new URL("/jwks", idp.issuer)),
      { issuer: idp.issuer, audience: CLIENT.clientId },
    );
    expect(payload.groups).toEqual(["candor-sales-managers", "candor-region-emea"]);
  });

  it("re-renders the form on a wrong password and issues no code", async () => {
    const started = await authorize();
    const interaction = await openLoginForm(started);

    const wrong = await submitLogin(started.jar, interaction, ADMIN.email, "not-the-password");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("location")).toBeNull();
    const markup = await wrong.text();
    expect(markup).toContain(INVALID_CREDENTIALS_MESSAGE);
    expect(markup).toContain(`value="${ADMIN.email}"`);
    expect(markup).toContain('name="password"');
    expect(markup).not.toContain("not-the-password");

    const hostile = 'nobody"><script>alert(1)</script>@acme.example';
    const unknown = await submitLogin(started.jar, interaction, hostile, DEMO_PASSWORD);
    expect(unknown.status).toBe(401);
    const unknownMarkup = await unknown.text();
    expect(unknownMarkup).toContain(INVALID_CREDENTIALS_MESSAGE);
    expect(unknownMarkup).not.toContain("<script>");
    expect(unknownMarkup).toContain("nobody&quot;&gt;&lt;script&gt;");

    // The same interaction stays usable, as it would for a person correcting a typo.
    const right = await submitLogin(started.jar, interaction, ADMIN.email, ADMIN.password);
    expect((await followToClient(started.jar, right)).searchParams.get("code")).toBeTruthy();
  });

  it("refuses a deactivated user, including one who already holds a session or token", async () => {
    const signedIn = await signIn(MANAGER.email);
    const tokens = (await (await exchange(signedIn.code, signedIn.verifier)).json()) as TokenResponse;

    idp.setUserActive(MANAGER.sub, false);
    try {
      const started = await authorize();
      const interaction = await openLoginForm(started);
      const refused = await submitLogin(started.jar, interaction, MANAGER.email, MANAGER.password);
      expect(refused.status).toBe(403);
      expect(refused.headers.get("location")).toBeNull();
      expect(await refused.text()).toContain(DEACTIVATED_MESSAGE);

      const resumed = await authorize(signedIn.jar);
      expect(location(resumed.first, idp.issuer).pathname).toMatch(/^\/interaction\//);

      const userinfo = await fetch(new URL("/me", idp.issuer), {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      expect(userinfo.status).toBe(401);
    } finally {
      idp.setUserActive(MANAGER.sub, true);
    }

    await signIn(MANAGER.email);
  });
});
