import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { cardFetchRequest, hubspotRequest, makeHubSpotRecord, makeHubSpotTenant, makeLinkedUser, read } from "@/test/support/hubspot";
import { GET, POST } from "./route";

// The card endpoints as HubSpot calls them: signed v3 requests for a portal, a viewer and a record.

const PATH = "/api/v1/hubspot/card";
let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const t = await makeHubSpotTenant();
  const rep = await makeLinkedUser(t, "SALES_REP", "EMEA", "9001");
  const peer = await makeLinkedUser(t, "SALES_REP", "EMEA", "9002");
  const owned = await makeHubSpotRecord(t.tenant.id, { externalId: "101", ownerUserId: rep.id, region: "EMEA", scored: true });
  const others = await makeHubSpotRecord(t.tenant.id, { externalId: "102", ownerUserId: peer.id, region: "EMEA", scored: true });
  const unscored = await makeHubSpotRecord(t.tenant.id, { externalId: "103", ownerUserId: rep.id, region: "EMEA", scored: false });
  return { ...t, rep, owned, others, unscored };
}

beforeAll(async () => {
  ctx = await setup();
});

const cardBody = (over: Record<string, unknown> = {}) => ({
  portalId: Number(ctx.portalId), userId: 9001, userEmail: "rep@acme.test", objectId: 101, objectTypeId: "0-1", ...over,
});

// What hubspot.fetch sends: the viewer appended to the configured URL (and signed with it), the
// card's own body as given.
function cardRequest(over: Record<string, unknown> = {}, init: Parameters<typeof hubspotRequest>[1] = {}) {
  const body = cardBody(over);
  return cardFetchRequest(PATH, body as { portalId: number; userId: number; userEmail: string }, body, init);
}

describe("POST /api/v1/hubspot/card", () => {
  it("answers the owner with the score, the three strongest reasons and a single-use Candor link", async () => {
    const res = await read(await POST(cardRequest()));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      title: "Candor score",
      score: { value: 72, band: "A", label: expect.stringMatching(/^Hot\. About 72 in 100 contacts like this one/) },
      reasons: [
        { text: "Visited the pricing page 4 times in 7 days", points: 12 },
        { text: "No touch in 21 days", points: -9 },
        { text: "Replied to 2 emails this month", points: 6 },
      ],
    });
    expect(res.json.openUrl).toMatch(new RegExp(`^${env.PUBLIC_BASE_URL}/embed/hubspot\\?token=[\\w.-]+$`));
    const audit = await db.auditEvent.findFirst({ where: { tenantId: ctx.tenant.id, action: "embed.hubspot.card", outcome: "success" } });
    expect(audit).toMatchObject({ actorUserId: ctx.rep.id, resourceId: ctx.owned.record.id });
    expect(await db.session.count({ where: { userId: ctx.rep.id, source: "hubspot_card" } })).toBe(1);
  });

  it("says 'Not scored yet' for a known record without a score, and still links to the panel", async () => {
    const res = await read(await POST(cardRequest({ objectId: 103 })));
    expect(res.status).toBe(200);
    expect(res.json.score).toBeUndefined();
    expect(res.json.message).toMatch(/^Not scored yet/);
    expect(res.json.openUrl).toBeTruthy();
  });

  it("answers a record outside the viewer's scope without a link or its data", async () => {
    const outside = await read(await POST(cardRequest({ objectId: 102 })));
    expect(outside.status).toBe(200);
    expect(outside.json).toEqual({ title: "Candor score", message: "Candor has no data for this record yet, or it is outside what you can see." });
  });

  it("fetches a record Candor has no copy of yet, and says so", async () => {
    const unknown = await read(await POST(cardRequest({ objectId: 999 })));
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual({
      title: "Candor score",
      message: "Candor has not synced this contact yet and is fetching it from HubSpot now. Reload the card in a minute.",
    });
    const jobs = await db.job.findMany({ where: { kind: "crm_sync_record", payload: { path: ["externalId"], equals: "999" } } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toMatchObject({ objectType: "contact", externalId: "999" });
  });

  it("tells a HubSpot user without a Candor account so, and links nobody by guesswork", async () => {
    const res = await read(await POST(cardRequest({ userId: 9999, userEmail: "stranger@elsewhere.test" })));
    expect(res.json).toEqual({ title: "Candor score", message: "Your HubSpot user has no Candor account. Ask your Candor admin for access." });
    expect(await db.crmIdentity.count({ where: { externalUserId: "9999" } })).toBe(0);
  });

  it("refuses a wrong, missing or stale signature with 401 problem+json, and audits it", async () => {
    const wrong = await read(await POST(cardRequest({}, { secret: "not-the-secret" })));
    const missing = await read(await POST(cardRequest({}, { signature: null })));
    const stale = await read(await POST(cardRequest({}, { timestamp: Date.now() - 5 * 60_000 - 1_000 })));
    const tampered = cardRequest();
    const swapped = new Request(tampered.url, { method: "POST", headers: tampered.headers, body: JSON.stringify(cardBody({ objectId: 102 })) });
    const altered = await read(await POST(swapped));
    for (const res of [wrong, missing, stale, altered]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.json).toMatchObject({ status: 401, code: "unauthenticated", requestId: expect.any(String) });
    }
    const reasons = (await db.auditEvent.findMany({ where: { action: "embed.hubspot.card", outcome: "denied" } })).map((a) => (a.details as { reason?: string }).reason);
    expect(reasons).toEqual(expect.arrayContaining(["bad_signature", "missing", "stale"]));
  });

  it("refuses a portal that is not connected with 403", async () => {
    const res = await read(await POST(cardRequest({ portalId: 1234567 })));
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: "forbidden", detail: "This HubSpot portal is not connected to Candor." });
  });

  it("refuses ids HubSpot appended to the URL that the body contradicts", async () => {
    const res = await read(await POST(hubspotRequest(`${PATH}?portalId=${ctx.portalId}&userId=9002&userEmail=peer%40acme.test`, { body: cardBody() })));
    expect(res.status).toBe(403);
  });

  it("takes the viewer only from what HubSpot signed: a body naming a manager opens nothing without it", async () => {
    const manager = await makeLinkedUser(ctx, "SALES_MANAGER", "EMEA", "9005");
    // Correctly signed, but the URL carries no viewer: the body alone names the manager.
    const unsigned = await read(await POST(hubspotRequest(`${PATH}?portalId=${ctx.portalId}`, { body: cardBody({ userId: 9005, userEmail: manager.email }) })));
    expect(unsigned.status).toBe(422);
    expect(unsigned.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(["query.userId", "query.userEmail"]));
    expect(unsigned.json.openUrl).toBeUndefined();
    expect(await db.session.count({ where: { userId: manager.id } })).toBe(0);
    // The signed viewer is the rep; the body's claim to be the manager is refused outright.
    const rep = new URLSearchParams({ userId: "9001", userEmail: "rep@acme.test", portalId: ctx.portalId });
    const claimed = await read(await POST(hubspotRequest(`${PATH}?${rep}`, { body: cardBody({ userId: 9005, userEmail: manager.email }) })));
    expect(claimed.status).toBe(403);
    expect(await db.session.count({ where: { userId: manager.id } })).toBe(0);
  });

  it("answers a portal id that is not a number with 400, before any lookup", async () => {
    for (const portalId of ["12\u000034", "12a", ""]) {
      const signed = hubspotRequest(`${PATH}?${new URLSearchParams({ portalId, userId: "9001", userEmail: "rep@acme.test" })}`, { body: cardBody() });
      const res = await read(await POST(signed));
      expect(res.status, JSON.stringify(portalId)).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
  });

  it("rejects a signed but malformed body with 422", async () => {
    const res = await read(await POST(cardRequest({ objectTypeId: "0-5" })));
    expect(res.status).toBe(422);
    const extra = await read(await POST(cardRequest({ admin: true })));
    expect(extra.status).toBe(422);
  });
});

describe("GET /api/v1/hubspot/card (legacy CRM card)", () => {
  const query = (over: Record<string, string> = {}) =>
    `${PATH}?${new URLSearchParams({ userId: "9001", userEmail: "rep@acme.test", associatedObjectId: "101", associatedObjectType: "CONTACT", portalId: ctx.portalId, firstname: "Ada", ...over })}`;

  it("answers with one result and the panel as the IFRAME primary action", async () => {
    const res = await read(await GET(hubspotRequest(query(), { method: "GET" })));
    expect(res.status).toBe(200);
    expect(res.json.results).toHaveLength(1);
    expect(res.json.results[0]).toMatchObject({
      objectId: 101,
      title: "Candor score: 72",
      properties: expect.arrayContaining([{ label: "Score", dataType: "NUMERIC", value: "72" }, { label: "Reason", dataType: "STRING", value: "+12 Visited the pricing page 4 times in 7 days" }]),
    });
    expect(res.json.primaryAction).toMatchObject({ type: "IFRAME", width: 640, height: 720, label: "Open in Candor", uri: expect.stringContaining("/embed/hubspot?token=") });
  });

  it("verifies the signature over the raw query and refuses a changed one", async () => {
    const req = hubspotRequest(query(), { method: "GET" });
    const changed = new Request(req.url.replace("associatedObjectId=101", "associatedObjectId=102"), { headers: req.headers });
    expect((await GET(changed)).status).toBe(401);
    expect((await GET(hubspotRequest(query({ portalId: "1234567" }), { method: "GET" }))).status).toBe(403);
  });
});
