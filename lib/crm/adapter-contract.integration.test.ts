import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { decryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import type { CrmAdapter } from "./adapter";
import { adapterFor } from "./connections";
import { hubSpotHarness, salesforceHarness, type ContractHarness } from "@/test/support/crm-contract";

// One contract, two CRMs: every case runs against the Salesforce and the HubSpot stand-ins through
// the real client libraries (jsforce, @hubspot/api-client), with the connection read from the
// database the way the outbox worker reads it.

const values = (score: number) => ({
  score, band: score >= 70 ? "A" : "C", topReasons: "+12 Visited the pricing page\n−5 No reply in 3 weeks",
  modelVersion: "lead-gbdt-v3", scoredAt: "2026-03-01T10:00:00.000Z",
});

describe.each([
  ["Salesforce", () => salesforceHarness()],
  ["HubSpot", async () => (await hubSpotHarness()).harness],
] as const)("CrmAdapter contract: %s", (_name, start) => {
  let h: ContractHarness;
  let adapter: CrmAdapter;

  beforeAll(async () => {
    h = await start();
    adapter = await adapterFor(h.connectionId);
  });
  afterAll(() => h?.close());

  it("reads a record with its owner, outcome and the customer's activities", async () => {
    const open = await adapter.readRecord(h.objectType, h.ids[0]);
    expect(open).toMatchObject({ objectType: h.objectType, externalId: h.ids[0], name: "Ada " + (h.name === "HUBSPOT" ? "Lovelace" : "Open"), ownerExternalId: h.ownerExternalId, outcome: "OPEN", closedAt: null });
    expect(open!.activities).toHaveLength(1);
    expect(open!.activities[0]!.subject).toMatch(/call/i);
    expect(Date.parse(open!.updatedAt)).toBeGreaterThan(0);

    const won = await adapter.readRecord(h.objectType, h.wonId);
    expect(won).toMatchObject({ outcome: "WON" });
    expect(won!.closedAt).not.toBeNull();

    expect(await adapter.readRecord(h.objectType, h.missingId)).toBeNull();
  });

  it("lists records changed since a cursor, oldest first, and pages without losing any", async () => {
    const all = await adapter.listChangedSince(h.objectType, null, 1000);
    const times = all.records.map((r) => Date.parse(r.updatedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(all.records.map((r) => r.externalId)).toEqual(expect.arrayContaining([...h.ids, h.wonId]));
    expect(all.nextCursor).toBe(all.records[all.records.length - 1]!.updatedAt);

    expect((await adapter.listChangedSince(h.objectType, all.nextCursor, 1000)).records).toEqual([]);
    await h.touch(h.ids[1]);
    await h.touch(h.ids[2]);
    const first = await adapter.listChangedSince(h.objectType, all.nextCursor, 1);
    expect(first.records.map((r) => r.externalId)).toEqual([h.ids[1]]);
    const second = await adapter.listChangedSince(h.objectType, first.nextCursor, 1);
    expect(second.records.map((r) => r.externalId)).toEqual([h.ids[2]]);
    const none = await adapter.listChangedSince(h.objectType, second.nextCursor, 1);
    expect(none).toEqual({ records: [], nextCursor: second.nextCursor });
  });

  it("writes Candor fields in one batch and reports each record's own result", async () => {
    const results = await adapter.writeCandorFields(
      [
        { objectType: h.objectType, externalId: h.ids[0], values: values(81) },
        { objectType: h.objectType, externalId: h.missingId, values: values(40) },
        { objectType: h.objectType, externalId: h.ids[1], values: values(35) },
      ],
      "corr-fields",
    );
    expect(results[0]).toEqual({ ok: true, externalId: h.ids[0] });
    expect(results[1]).toMatchObject({ ok: false, retryable: false });
    expect(results[2]).toEqual({ ok: true, externalId: h.ids[1] });
    const written = h.fieldsOf(h.ids[0]);
    if (h.name === "HUBSPOT") expect(written).toMatchObject({ candor_score: "81", candor_band: "A", candor_model_version: "lead-gbdt-v3" });
    else expect(written).toMatchObject({ Candor_Score__c: 81, Candor_Band__c: "A", Candor_Model_Version__c: "lead-gbdt-v3" });
  });

  it("creates an activity on the record once, however often the write is retried", async () => {
    const write = {
      objectType: h.objectType, recordExternalId: h.ids[0], idempotencyKey: `flag:${crypto.randomUUID()}`,
      subject: "Candor score flagged: Score is too high", body: "Rita flagged Candor score 81.\nComment: <b>signed elsewhere</b>",
      ownerExternalUserId: h.ownerExternalId, occurredAt: "2026-03-01T10:05:00.000Z",
    };
    const [first] = await adapter.createActivities([write], "corr-a");
    const [again] = await adapter.createActivities([write], "corr-b");
    expect(first).toMatchObject({ ok: true });
    expect(again).toEqual(first);
    expect(h.candorActivitiesOn(h.ids[0])).toBe(1);
    // Candor's own activity is not the customer's: reads leave it out.
    const read = await adapter.readRecord(h.objectType, h.ids[0]);
    expect(read!.activities).toHaveLength(1);
  });

  it("reports the rate-limit state the CRM sent with its last answer", async () => {
    // Its own call first: a fresh adapter has heard nothing from the CRM yet.
    const fresh = await adapterFor(h.connectionId);
    await fresh.readRecord(h.objectType, h.ids[0]);
    const state = fresh.rateLimitState();
    expect(state.limit).toBeGreaterThan(0);
    expect(state.used).toBeGreaterThan(0);
    expect(state.remaining).toBe(state.limit! - state.used!);
    await fresh.readRecord(h.objectType, h.ids[0]);
    const next = fresh.rateLimitState();
    expect(next.limit).toBe(state.limit);
    expect(next.used).toBeGreaterThan(state.used!);
  });

  it("keeps working after the access token expires, and stores the new token encrypted", async () => {
    const before = await db.crmConnection.findUniqueOrThrow({ where: { id: h.connectionId }, omit: { accessTokenEnc: false } });
    h.expireTokens();
    const fresh = await adapterFor(h.connectionId);
    expect(await fresh.readRecord(h.objectType, h.ids[0])).toMatchObject({ externalId: h.ids[0] });
    await vi.waitFor(async () => {
      const after = await db.crmConnection.findUniqueOrThrow({ where: { id: h.connectionId }, omit: { accessTokenEnc: false } });
      expect(decryptSecret(after.accessTokenEnc!)).not.toBe(decryptSecret(before.accessTokenEnc!));
    });

    await fresh.refreshTokens();
    const stored = await db.crmConnection.findUniqueOrThrow({ where: { id: h.connectionId }, omit: { accessTokenEnc: false } });
    expect(stored.accessTokenEnc).toMatch(/^v1\./);
    const reopened = await adapterFor(h.connectionId);
    expect(await reopened.readRecord(h.objectType, h.ids[1])).toMatchObject({ externalId: h.ids[1] });
  });
});
