import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CONSUMER_KEY, CONSUMER_SECRET, Connection, connect, failure, MANAGER, OAuth2, REP, startSandbox } from "@/test/support/salesforce-sandbox";
import type { SalesforceSandbox } from "./index";

let sandbox: SalesforceSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ records: { Lead: [{ LastName: "One", Company: "Co" }] } });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.setDailyApiLimit(15000));

const tokenCall = (params: Record<string, string>) =>
  fetch(`${sandbox.url}/services/oauth2/token`, { method: "POST", body: new URLSearchParams(params) });

describe("sessions", () => {
  it("lets jsforce refresh an expired access token by itself", async () => {
    const conn = connect(sandbox);
    const before = conn.accessToken;
    await conn.query("SELECT Id FROM Lead");
    sandbox.expireAccessTokens();
    const refreshed = new Promise<string>((resolve) => conn.on("refresh", (token: string) => resolve(token)));
    const res = await conn.query("SELECT Id FROM Lead");
    expect(res.totalSize).toBe(1);
    const token = await refreshed;
    expect(token).not.toBe(before);
    expect(conn.accessToken).toBe(token);
    const statuses = sandbox.requestLog().map((e) => `${e.method} ${e.path} ${e.status}`);
    expect(statuses.slice(-3)).toEqual(["GET /services/data/v63.0/query 401", "POST /services/oauth2/token 200", "GET /services/data/v63.0/query 200"]);
  });

  it("answers 401 INVALID_SESSION_ID to unknown tokens and invalid_grant to bad refresh tokens", async () => {
    const res = await fetch(`${sandbox.url}/services/data/v63.0/sobjects`, { headers: { Authorization: "Bearer nope" } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual([{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]);
    const bad = await tokenCall({ grant_type: "refresh_token", refresh_token: "5Aep861nope", client_id: CONSUMER_KEY, client_secret: CONSUMER_SECRET });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "invalid_grant", error_description: "expired access/refresh token" });
    const conn = new Connection({ instanceUrl: sandbox.url, accessToken: "expired", refreshToken: "5Aep861revoked", oauth2: { clientId: CONSUMER_KEY, clientSecret: CONSUMER_SECRET, loginUrl: sandbox.url }, version: "63.0" });
    expect((await failure(conn.query("SELECT Id FROM Lead"))).message).toContain("expired access/refresh token");
    const wrongSecret = await tokenCall({ grant_type: "refresh_token", refresh_token: sandbox.issueTokens(REP.Id).refreshToken, client_id: CONSUMER_KEY, client_secret: "wrong" });
    expect(await wrongSecret.json()).toMatchObject({ error: "invalid_client" });
  });

  it("runs the web-server flow, userinfo and revoke", async () => {
    const redirectUri = "http://localhost:3999/api/crm/salesforce/callback";
    const oauth2 = new OAuth2({ clientId: CONSUMER_KEY, clientSecret: CONSUMER_SECRET, redirectUri, loginUrl: sandbox.url });
    const authorize = await fetch(`${oauth2.getAuthorizationUrl({ state: "s1" })}&login_hint=${MANAGER.Username}`, { redirect: "manual" });
    const location = new URL(authorize.headers.get("location") ?? "");
    expect(location.searchParams.get("state")).toBe("s1");
    const tokens = await oauth2.requestToken(location.searchParams.get("code") as string);
    expect(tokens).toMatchObject({ instance_url: sandbox.url, token_type: "Bearer", id: `${sandbox.url}/id/00D5g000004CANDOR/${MANAGER.Id}` });
    expect(tokens.refresh_token).toBeTruthy();
    const info = await (await fetch(`${sandbox.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } })).json();
    expect(info).toMatchObject({ user_id: MANAGER.Id, organization_id: "00D5g000004CANDOR", email: MANAGER.Email, preferred_username: MANAGER.Username, name: "Max Manager" });
    await oauth2.revokeToken(tokens.refresh_token as string);
    const reuse = await tokenCall({ grant_type: "refresh_token", refresh_token: tokens.refresh_token as string, client_id: CONSUMER_KEY, client_secret: CONSUMER_SECRET });
    expect(reuse.status).toBe(400);
    const revokedSession = await fetch(`${sandbox.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(revokedSession.status).toBe(403);
    const bad = await fetch(`${sandbox.url}/services/oauth2/userinfo`, { headers: { Authorization: "Bearer nope" } });
    expect(bad.status).toBe(403);
  });
});

describe("limits and faults", () => {
  it("reports usage in Sforce-Limit-Info and refuses calls past the daily limit", async () => {
    const conn = connect(sandbox);
    await conn.query("SELECT Id FROM Lead");
    const { used } = sandbox.apiUsage();
    expect(conn.limitInfo.apiUsage).toEqual({ used, limit: 15000 });
    sandbox.setDailyApiLimit(used + 1);
    await conn.query("SELECT Id FROM Lead");
    const err = await failure(conn.query("SELECT Id FROM Lead"));
    expect(err.errorCode).toBe("REQUEST_LIMIT_EXCEEDED");
    expect(err.message).toBe("TotalRequests Limit exceeded.");
    const raw = await fetch(`${sandbox.url}/services/data/v63.0/limits`, { headers: { Authorization: `Bearer ${conn.accessToken}` } });
    expect(raw.status).toBe(403);
    expect(raw.headers.get("sforce-limit-info")).toBe(`api-usage=${used + 1}/${used + 1}`);
  });

  it("injects faults on the next REST calls only", async () => {
    const conn = connect(sandbox);
    sandbox.failNext(2, { status: 400, errorCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record" });
    expect((await failure(conn.query("SELECT Id FROM Lead"))).errorCode).toBe("UNABLE_TO_LOCK_ROW");
    expect((await tokenCall({ grant_type: "refresh_token", refresh_token: sandbox.issueTokens(REP.Id).refreshToken, client_id: CONSUMER_KEY, client_secret: CONSUMER_SECRET })).status).toBe(200);
    expect((await failure(conn.sobject("Lead").create({ LastName: "X", Company: "Y" }))).errorCode).toBe("UNABLE_TO_LOCK_ROW");
    expect((await conn.query("SELECT Id FROM Lead")).totalSize).toBe(1);
    expect(sandbox.requestLog().slice(-4).map((e) => e.status)).toEqual([400, 200, 400, 200]);
  });

  it("sees jsforce retry a GET that answered 503 (after its 500 ms back-off)", async () => {
    const conn = connect(sandbox);
    sandbox.failNext(1, { status: 503, errorCode: "SERVER_UNAVAILABLE", message: "Server unavailable" });
    expect((await conn.query("SELECT Id FROM Lead")).totalSize).toBe(1);
    expect(sandbox.requestLog().slice(-2).map((e) => e.status)).toEqual([503, 200]);
  });
});
