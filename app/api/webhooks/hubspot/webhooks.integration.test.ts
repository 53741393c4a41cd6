import { beforeAll, describe, expect, it } from "vitest";
import { hubspotRequest, makeHubSpotTenant, read } from "@/test/support/hubspot";
import { db } from "@/lib/db";
import { POST } from "./route";

// HubSpot webhook deliveries: signed batches of up to 100 events, redelivered on any non-2xx for a
// day. Each record event becomes one pending sync job; nothing is taken twice.

const PATH = "/api/webhooks/hubspot";
let ctx: Awaited<ReturnType<typeof makeHubSpotTenant>>;

beforeAll(async () => {
  ctx = await makeHubSpotTenant();
});

let nextEventId = 1_000;
const event = (over: Record<string, unknown>) => ({
  eventId: nextEventId++, subscriptionId: 77, portalId: Number(ctx.portalId), occurredAt: 1_767_225_600_000, attemptNumber: 0,
  changeSource: "CRM", appId: 1_000_001, ...over,
});
const deliver = async (body: unknown, init: Parameters<typeof hubspotRequest>[1] = {}) => read(await POST(hubspotRequest(PATH, { body, ...init })));
const jobs = () => db.job.findMany({ where: { tenantId: ctx.tenant.id, kind: "crm_sync_record" }, orderBy: { createdAt: "asc" } });

describe("POST /api/webhooks/hubspot", () => {
  it("turns record events into sync jobs and ignores the rest", async () => {
    const res = await deliver([
      event({ subscriptionType: "contact.propertyChange", objectId: 101, propertyName: "lifecyclestage", propertyValue: "customer" }),
      event({ subscriptionType: "deal.creation", objectId: 701 }),
      event({ subscriptionType: "ticket.creation", objectId: 5 }),
    ]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: 3, enqueued: 2, coalesced: 0, duplicates: 0, ignored: 1 });
    const created = await jobs();
    expect(created.map((j) => [j.status, j.dedupeKey, j.payload])).toEqual([
      ["PENDING", `crm_sync_record:${ctx.connection.id}:contact:101`, { connectionId: ctx.connection.id, objectType: "contact", externalId: "101" }],
      ["PENDING", `crm_sync_record:${ctx.connection.id}:deal:701`, { connectionId: ctx.connection.id, objectType: "deal", externalId: "701" }],
    ]);
    const audit = await db.auditEvent.findFirst({ where: { tenantId: ctx.tenant.id, action: "webhook.hubspot.receive", outcome: "success" } });
    expect(audit?.details).toMatchObject({ received: 3, enqueued: 2 });
  });

  it("reads the record type from objectTypeId on the newer object.* subscriptions", async () => {
    const res = await deliver([event({ subscriptionType: "object.propertyChange", objectTypeId: "0-3", objectId: 7001 }), event({ subscriptionType: "object.creation", objectTypeId: "0-5", objectId: 8 })]);
    expect(res.json).toMatchObject({ enqueued: 1, ignored: 1 });
    expect((await jobs()).at(-1)?.payload).toEqual({ connectionId: ctx.connection.id, objectType: "deal", externalId: "7001" });
  });

  it("takes a redelivered batch once, and tells events apart by more than their eventId", async () => {
    const batch = [event({ subscriptionType: "company.propertyChange", objectId: 501 })];
    expect((await deliver(batch)).json).toMatchObject({ enqueued: 1, duplicates: 0 });
    const retried = batch.map((e) => ({ ...e, attemptNumber: 1 }));
    expect((await deliver(retried)).json).toMatchObject({ enqueued: 0, coalesced: 0, duplicates: 1 });

    // HubSpot reuses an eventId across the objects one change touched.
    const shared = nextEventId++;
    const res = await deliver([
      event({ eventId: shared, subscriptionType: "company.propertyChange", objectId: 502 }),
      event({ eventId: shared, subscriptionType: "company.propertyChange", objectId: 503 }),
      event({ eventId: shared, subscriptionType: "company.creation", objectId: 503 }),
    ]);
    expect(res.json).toMatchObject({ received: 3, enqueued: 2, coalesced: 1, duplicates: 0 });
  });

  it("folds a burst of changes to one record into the pending sync", async () => {
    const before = (await jobs()).length;
    const res = await deliver([1, 2, 3].map((i) => event({ subscriptionType: "contact.propertyChange", objectId: 909, propertyName: `p${i}` })));
    expect(res.json).toMatchObject({ enqueued: 1, coalesced: 2 });
    expect((await jobs()).length).toBe(before + 1);
  });

  it("refuses a bad or missing signature with 401 and a portal Candor does not know with 403", async () => {
    const body = [event({ subscriptionType: "contact.creation", objectId: 1 })];
    expect((await deliver(body, { secret: "wrong" })).status).toBe(401);
    expect((await deliver(body, { signature: null })).status).toBe(401);
    expect((await deliver(body, { timestamp: Date.now() - 10 * 60_000 })).status).toBe(401);
    const foreign = await deliver([{ ...body[0], portalId: 123 }]);
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("content-type")).toBe("application/problem+json");
    expect(await db.usedNonce.count({ where: { key: { contains: ":1:" } } })).toBe(0);
  });

  it("rejects signed bodies that are not a batch of 1 to 100 events", async () => {
    expect((await deliver(Array.from({ length: 101 }, () => event({ subscriptionType: "contact.creation", objectId: 2 })))).status).toBe(400);
    expect((await deliver({ portalId: Number(ctx.portalId) })).status).toBe(400);
    expect((await deliver([event({ subscriptionType: "contact.creation", objectId: "two" })])).status).toBe(400);
    expect((await deliver(undefined, { rawBody: "[{" })).status).toBe(400);
  });

  // Finding 5 of issue 9: a NUL or an unpaired surrogate in an event's strings answered 500, so
  // HubSpot retried the whole delivery for a day. They are HubSpot's data: stored as U+FFFD.
  it("takes events whose strings hold NUL or unpaired surrogates, and stores them as U+FFFD", async () => {
    const res = await deliver([
      event({ subscriptionType: "contact.propertyChange", objectId: 4242, propertyName: "note\u0000", propertyValue: "a\uD800b", changeSource: "CRM\u0000" }),
      event({ subscriptionType: "contact.\u0000creation", objectId: 4243 }),
    ]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: 2, enqueued: 2, coalesced: 0, duplicates: 0, ignored: 0 });
    expect((await jobs()).slice(-2).map((j) => j.payload)).toEqual(["4242", "4243"].map((externalId) => ({ connectionId: ctx.connection.id, objectType: "contact", externalId })));
    expect(await db.usedNonce.count({ where: { key: { contains: "contact.\uFFFDcreation:4243" } } })).toBe(1);
  });
});
