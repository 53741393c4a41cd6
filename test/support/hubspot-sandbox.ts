import { Client } from "@hubspot/api-client";
import { startHubSpotSandbox, type HubSpotSandbox, type HubSpotSandboxOptions } from "@/sandbox/hubspot";

export const TEST_USERS = [
  { id: "9001", email: "rep@acme.test", firstName: "Riley", lastName: "Rep" },
  { id: "9002", email: "manager@acme.test", firstName: "Morgan", lastName: "Manager" },
];

export const TEST_APP = { portalId: "4411223", clientId: "candor-client-id", clientSecret: "candor-client-secret" };

export function testOptions(overrides: Partial<HubSpotSandboxOptions> = {}): HubSpotSandboxOptions {
  return {
    port: 0,
    ...TEST_APP,
    cardFetchUrl: "http://localhost:9/api/hubspot/card",
    users: TEST_USERS,
    objects: {
      companies: [{ id: "501", name: "Acme Corp", domain: "acme.test", industry: "Manufacturing", numberofemployees: "250", country: "US" }],
      contacts: [
        { id: "101", firstname: "Ada", lastname: "Lovelace", email: "ada@acme.test", jobtitle: "CTO", lifecyclestage: "lead", hubspot_owner_id: "9001" },
        { id: "102", firstname: "Grace", lastname: "Hopper", email: "grace@acme.test", lifecyclestage: "customer", hubspot_owner_id: "9002" },
      ],
      deals: [{ id: "701", dealname: "Acme renewal", amount: "12000", dealstage: "qualifiedtobuy", pipeline: "default", hubspot_owner_id: "9001" }],
    },
    associations: [
      { from: { type: "contacts", id: "101" }, to: { type: "companies", id: "501" }, typeId: 279 },
      { from: { type: "deals", id: "701" }, to: { type: "contacts", id: "101" }, typeId: 3 },
    ],
    ...overrides,
  };
}

/** A sandbox plus a client that talks to it; the client's own retries stay off so tests see raw answers. */
export async function startWithClient(overrides: Partial<HubSpotSandboxOptions> = {}): Promise<{ sandbox: HubSpotSandbox; client: Client; tokens: ReturnType<HubSpotSandbox["issueTokens"]> }> {
  const sandbox = await startHubSpotSandbox(testOptions(overrides));
  const tokens = sandbox.issueTokens();
  const client = new Client({ accessToken: tokens.accessToken, basePath: sandbox.url, numberOfApiCallRetries: 0 });
  return { sandbox, client, tokens };
}

/** The body and status of an error thrown by @hubspot/api-client. */
export async function apiError(promise: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown>; headers: Record<string, string> }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { code?: number; body?: unknown; headers?: Record<string, string> };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, body: (e.body ?? {}) as Record<string, unknown>, headers: e.headers ?? {} };
  }
  throw new Error("expected the call to fail");
}
