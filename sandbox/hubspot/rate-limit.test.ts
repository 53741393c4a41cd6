import { Client } from "@hubspot/api-client";
import { afterEach, describe, expect, it } from "vitest";
import type { HubSpotSandbox } from "./index.js";
import { apiError, startWithClient, TEST_APP } from "@/test/support/hubspot-sandbox";

let sandbox: HubSpotSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("rate limiting", () => {
  it("refuses the request past the configured window with HubSpot's 429 and headers", async () => {
    // The window runs on the test's clock: time passes when the test says so.
    let now = Date.parse("2026-03-01T10:00:00Z");
    const started = await startWithClient({ rateLimit: { max: 5, intervalMs: 1000 }, now: () => now });
    sandbox = started.sandbox;
    const { client, tokens } = started;

    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const info = await client.crm.contacts.basicApi.getByIdWithHttpInfo("101");
      remaining.push(info.headers["x-hubspot-ratelimit-remaining"] ?? "");
      expect(info.headers).toMatchObject({ "x-hubspot-ratelimit-max": "5", "x-hubspot-ratelimit-interval-milliseconds": "1000" });
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);

    const limited = await apiError(client.crm.contacts.basicApi.getById("101"));
    expect(limited.code).toBe(429);
    expect(limited.body).toMatchObject({
      status: "error",
      message: "You have reached your secondly limit.",
      category: "RATE_LIMITS",
      policyName: "TEN_SECONDLY_ROLLING",
      correlationId: expect.any(String),
    });
    expect(limited.headers).toMatchObject({
      "x-hubspot-ratelimit-max": "5",
      "x-hubspot-ratelimit-remaining": "0",
      "x-hubspot-ratelimit-interval-milliseconds": "1000",
      "x-hubspot-ratelimit-daily": expect.any(String),
      "x-hubspot-ratelimit-daily-remaining": expect.any(String),
    });

    // OAuth is outside the API budget: a client that is being throttled can still refresh.
    const refreshed = await client.oauth.tokensApi.create("refresh_token", undefined, undefined, TEST_APP.clientId, TEST_APP.clientSecret, tokens.refreshToken);
    expect(refreshed.accessToken).toBeTruthy();

    now += 999;
    expect((await apiError(client.crm.contacts.basicApi.getById("101"))).code).toBe(429);
    now += 2;
    await expect(client.crm.contacts.basicApi.getById("101")).resolves.toMatchObject({ id: "101" });
    expect(sandbox.requestLog().filter((e) => e.status === 429)).toHaveLength(2);
  });

  it("allows 100 requests per 10 seconds by default and refuses the 101st", async () => {
    const started = await startWithClient();
    sandbox = started.sandbox;
    const { client } = started;
    const results = await Promise.all(Array.from({ length: 100 }, () => client.crm.contacts.basicApi.getByIdWithHttpInfo("101")));
    expect(results.every((r) => r.httpStatusCode === 200)).toBe(true);
    expect(results.map((r) => Number(r.headers["x-hubspot-ratelimit-remaining"])).sort((a, b) => a - b)[0]).toBe(0);
    expect(results[0]?.headers["x-hubspot-ratelimit-interval-milliseconds"]).toBe("10000");

    const limited = await apiError(client.crm.contacts.basicApi.getById("101"));
    expect(limited.code).toBe(429);
    expect(limited.headers["x-hubspot-ratelimit-max"]).toBe("100");
  });

  it("injects failures with failNext, which the SDK's own retry decorator retries", async () => {
    const started = await startWithClient();
    sandbox = started.sandbox;
    const { client, tokens } = started;

    sandbox.failNext(1, { status: 502, category: "BAD_GATEWAY", message: "upstream hiccup" });
    const failed = await apiError(client.crm.deals.basicApi.getById("701"));
    expect(failed.code).toBe(502);
    expect(failed.body).toMatchObject({ status: "error", category: "BAD_GATEWAY", message: "upstream hiccup" });
    await expect(client.crm.deals.basicApi.getById("701")).resolves.toMatchObject({ id: "701" });

    // The SDK's retry settings are process-wide (ApiDecoratorService is a singleton), so this
    // client is built last and touches an API no other client here has used.
    const retrying = new Client({ accessToken: tokens.accessToken, basePath: sandbox.url, numberOfApiCallRetries: 2 });
    sandbox.failNext(1, { status: 500, category: "INTERNAL_ERROR", message: "boom" });
    await expect(retrying.crm.companies.basicApi.getById("501")).resolves.toMatchObject({ id: "501" });
    expect(sandbox.requestLog().filter((e) => e.path === "/crm/v3/objects/companies/501").map((e) => e.status)).toEqual([500, 200]);
  });
});
