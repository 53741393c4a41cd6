import { Client } from "@hubspot/api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHubSpotSandbox, type HubSpotSandbox } from "./index.js";
import { apiError, TEST_APP, testOptions } from "@/test/support/hubspot-sandbox";

let sandbox: HubSpotSandbox;
let oauthClient: Client;
const redirectUri = "http://localhost:3000/api/hubspot/oauth/callback";

beforeAll(async () => {
  sandbox = await startHubSpotSandbox(testOptions({ accessTokenTtlSeconds: 900 }));
  oauthClient = new Client({ basePath: sandbox.url });
});
afterAll(() => sandbox.close());

async function authorize(state: string): Promise<URL> {
  const query = new URLSearchParams({ client_id: TEST_APP.clientId, redirect_uri: redirectUri, scope: "oauth crm.objects.contacts.read", state, as: "9002" });
  const res = await fetch(`${sandbox.url}/oauth/authorize?${query}`, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location")!);
}

describe("OAuth", () => {
  it("runs the authorization code flow through the SDK's tokens API", async () => {
    const back = await authorize("s-123");
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get("state")).toBe("s-123");
    const code = back.searchParams.get("code")!;

    const tokens = await oauthClient.oauth.tokensApi.create("authorization_code", code, redirectUri, TEST_APP.clientId, TEST_APP.clientSecret);
    expect(tokens).toMatchObject({ tokenType: "bearer", expiresIn: 900, accessToken: expect.any(String), refreshToken: expect.any(String) });

    const info = await oauthClient.oauth.accessTokensApi.get(tokens.accessToken);
    expect(info).toMatchObject({ hubId: 4411223, user: "manager@acme.test", userId: 9002, tokenType: "access" });
    expect(info.scopes).toEqual(["oauth", "crm.objects.contacts.read"]);

    const reused = await apiError(oauthClient.oauth.tokensApi.create("authorization_code", code, redirectUri, TEST_APP.clientId, TEST_APP.clientSecret));
    expect(reused.code).toBe(400);
    expect(reused.body).toMatchObject({ status: "BAD_AUTH_CODE" });

    const other = await authorize("s-2");
    const wrongRedirect = await apiError(
      oauthClient.oauth.tokensApi.create("authorization_code", other.searchParams.get("code")!, "http://evil.test/cb", TEST_APP.clientId, TEST_APP.clientSecret),
    );
    expect(wrongRedirect.body).toMatchObject({ status: "BAD_REDIRECT_URI" });
  });

  it("refreshes an expired access token and keeps the refresh token", async () => {
    const { accessToken, refreshToken } = sandbox.issueTokens();
    const api = new Client({ accessToken, basePath: sandbox.url });
    await api.crm.contacts.basicApi.getById("101");
    sandbox.expireAccessTokens();
    expect((await apiError(api.crm.contacts.basicApi.getById("101"))).body).toMatchObject({ category: "EXPIRED_AUTHENTICATION" });

    const refreshed = await oauthClient.oauth.tokensApi.create("refresh_token", undefined, undefined, TEST_APP.clientId, TEST_APP.clientSecret, refreshToken);
    expect(refreshed.refreshToken).toBe(refreshToken);
    expect(refreshed.accessToken).not.toBe(accessToken);
    api.setAccessToken(refreshed.accessToken);
    await expect(api.crm.contacts.basicApi.getById("101")).resolves.toMatchObject({ id: "101" });
  });

  it("rejects bad refresh tokens and bad client credentials", async () => {
    const { refreshToken } = sandbox.issueTokens();
    const badToken = await apiError(oauthClient.oauth.tokensApi.create("refresh_token", undefined, undefined, TEST_APP.clientId, TEST_APP.clientSecret, "na1-nope"));
    expect(badToken.code).toBe(400);
    expect(badToken.body).toMatchObject({ status: "BAD_REFRESH_TOKEN", message: expect.any(String) });

    const badSecret = await apiError(oauthClient.oauth.tokensApi.create("refresh_token", undefined, undefined, TEST_APP.clientId, "wrong", refreshToken));
    expect(badSecret.body).toMatchObject({ status: "BAD_CLIENT_SECRET" });
    const badClient = await apiError(oauthClient.oauth.tokensApi.create("refresh_token", undefined, undefined, "other-app", TEST_APP.clientSecret, refreshToken));
    expect(badClient.body).toMatchObject({ status: "BAD_CLIENT_ID" });

    await oauthClient.oauth.refreshTokensApi.archive(refreshToken);
    const revoked = await apiError(oauthClient.oauth.tokensApi.create("refresh_token", undefined, undefined, TEST_APP.clientId, TEST_APP.clientSecret, refreshToken));
    expect(revoked.body).toMatchObject({ status: "BAD_REFRESH_TOKEN" });
  });
});
