import { Client } from "@hubspot/api-client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createSession } from "@/lib/auth/session";
import { currentMatrix, saveMatrix } from "@/lib/authz/admin";
import { adapterFor, installConnection } from "@/lib/crm/connections";
import { CRM_FIELD_VISIBILITY_JOB } from "@/lib/crm/job-kinds";
import "@/lib/jobs/handlers";
import { runOneJob } from "@/lib/jobs/worker";
import { hubSpotHarness, type ContractHarness } from "@/test/support/crm-contract";
import { decryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { createFlag } from "@/lib/flags/service";
import { enqueue } from "@/lib/outbox";
import { makeDue, testBudget } from "@/test/support/outbox";
import { drainOnce } from "@/lib/outbox/worker";
import { makeUser, principalOf } from "@/test/support/fixtures";
import type { HubSpotSandbox } from "@/sandbox/hubspot";

// HubSpot specifics beyond the shared adapter contract: the install step, refreshing tokens
// ahead of expiry, and a 429 in the middle of write-back, delivered by the real outbox worker.

let h: ContractHarness;
let sandbox: HubSpotSandbox;

beforeAll(async () => {
  ({ harness: h, sandbox } = await hubSpotHarness());
});
afterAll(() => sandbox?.close());
afterEach(() => {
  vi.useRealTimers();
});

describe("install", () => {
  it("creates the Candor group and properties once, then finds them", async () => {
    const first = await installConnection(h.connectionId);
    expect(first!.createdGroups.sort()).toEqual(["companies", "contacts", "deals", "notes", "tasks"]);
    expect(first!.createdProperties).toEqual(expect.arrayContaining(["contacts.candor_score", "deals.candor_scored_at", "notes.candor_flag_id", "tasks.candor_flag_id"]));
    const conn = await db.crmConnection.findUniqueOrThrow({ where: { id: h.connectionId } });
    expect(conn.installedAt).not.toBeNull();

    const again = await installConnection(h.connectionId);
    expect(again).toEqual({ createdGroups: [], createdProperties: [], visibilityChanged: [] });

    const tokens = sandbox.issueTokens();
    const client = new Client({ accessToken: tokens.accessToken, basePath: sandbox.url, numberOfApiCallRetries: 0 });
    const flagId = await client.crm.properties.coreApi.getByName("notes", "candor_flag_id");
    expect(flagId).toMatchObject({ hasUniqueValue: true, groupName: "candor" });
  });

  it("hides a Candor property portal-wide once no CRM role may see what it holds, and shows it again", async () => {
    const { tenantId } = await db.crmConnection.findUniqueOrThrow({ where: { id: h.connectionId }, select: { tenantId: true } });
    const admin = await makeUser(tenantId, "ADMIN", null);
    const { grants, version } = await currentMatrix(db, tenantId);
    const noReasons = structuredClone(grants);
    for (const role of Object.values(noReasons.roles)) if (role.scopes["matrix.manage"] === "none") role.scopes["reasons.view"] = "none";
    const principal = await principalOf(admin);
    await db.$transaction((tx) => saveMatrix(tx, principal, { baseVersion: version, grants: noReasons, reason: "Reasons stay in Candor" }));
    // The save queued the job that applies it; run it as the worker would.
    const job = await db.job.findFirstOrThrow({ where: { tenantId, kind: CRM_FIELD_VISIBILITY_JOB, status: "PENDING" } });
    expect(await runOneJob()).toBe(true);
    expect(await db.job.findUniqueOrThrow({ where: { id: job.id }, select: { status: true } })).toEqual({ status: "DONE" });
    const client = new Client({ accessToken: sandbox.issueTokens().accessToken, basePath: sandbox.url, numberOfApiCallRetries: 0 });
    expect((await client.crm.properties.coreApi.getByName("contacts", "candor_top_reasons")).hidden).toBe(true);
    expect((await client.crm.properties.coreApi.getByName("contacts", "candor_score")).hidden).toBe(false);

    await db.$transaction((tx) => saveMatrix(tx, principal, { baseVersion: version + 1, grants, reason: "Back" }));
    expect(await installConnection(h.connectionId)).toMatchObject({ visibilityChanged: ["contacts.candor_top_reasons", "companies.candor_top_reasons", "deals.candor_top_reasons"] });
  });
});

describe("tokens", () => {
  it("refreshes ahead of expiry instead of waiting for a 401, and stores the new tokens encrypted", async () => {
    await db.crmConnection.update({ where: { id: h.connectionId }, data: { tokenExpiresAt: new Date(Date.now() + 60_000) } });
    const before = sandbox.requestLog().length;
    const adapter = await adapterFor(h.connectionId);
    await adapter.readRecord("contact", "101");
    const calls = sandbox.requestLog().slice(before);
    expect(calls[0]).toMatchObject({ method: "POST", path: "/oauth/v1/token", status: 200 });
    expect(calls.some((c) => c.status === 401)).toBe(false);
    const conn = await db.crmConnection.findUniqueOrThrow({ where: { id: h.connectionId }, omit: { accessTokenEnc: false, refreshTokenEnc: false } });
    expect(conn.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 20 * 60_000);
    expect(conn.accessTokenEnc).toMatch(/^v1\./);
    expect(decryptSecret(conn.refreshTokenEnc!)).toMatch(/^na1-/);
  });
});

describe("write-back under HubSpot's rate limit", () => {
  it("waits as the 429 says, spends no attempt on it, and delivers every write exactly once", async () => {
    const conn = await db.crmConnection.findUniqueOrThrow({ where: { id: h.connectionId } });
    const tenantId = conn.tenantId;
    const rep = await makeUser(tenantId, "SALES_REP", "EMEA", "Riley Rep");
    await db.crmIdentity.create({ data: { tenantId, userId: rep.id, provider: "HUBSPOT", externalOrgId: conn.externalOrgId, externalUserId: "9001" } });
    const model = await db.modelVersion.create({
      data: {
        tenantId, version: "contact-test-1", algorithm: "gbdt", status: "ACTIVE", objectType: "contact", target: "converted", windowDays: 90,
        features: [], params: {}, metrics: {}, trainingFrom: new Date("2026-01-01"), trainingTo: new Date("2026-02-01"), trainedBy: "test",
      },
    });
    const record = await db.crmRecord.create({
      data: {
        tenantId, provider: "HUBSPOT", objectType: "contact", externalId: "101", name: "Ada Lovelace", ownerUserId: rep.id, region: "EMEA",
        fields: {}, crmCreatedAt: new Date(), crmUpdatedAt: new Date(), lastSyncedAt: new Date(),
      },
    });
    const score = await db.score.create({
      data: { tenantId, recordId: record.id, modelVersionId: model.id, value: 77, band: "A", probability: 0.77, baseValue: -1, inputSnapshot: {} },
    });
    const session = await createSession({ tenantId, userId: rep.id, source: "test" });
    const principal = await principalOf(rep, session.id);
    const { flag } = await db.$transaction((tx) => createFlag(tx, principal, { scoreId: score.id, kind: "TOO_HIGH", comment: "Went with a competitor", idempotencyKey: "k-429-test-0001" }));

    await db.$transaction(async (tx) => {
      for (const [objectType, externalId] of [["company", "501"], ["deal", "701"]] as const) {
        await enqueue(tx, {
          tenantId, connectionId: conn.id, kind: "create_task", objectType, recordExternalId: externalId, idempotencyKey: `note:${objectType}:${externalId}`,
          payload: { subject: `Candor note for ${objectType}`, body: "Written under a rate limit", ownerExternalUserId: null },
        });
      }
      for (const [objectType, externalId, value] of [["contact", "101", 77], ["company", "501", 52], ["deal", "701", 31]] as const) {
        await enqueue(tx, {
          tenantId, connectionId: conn.id, kind: "update_fields", objectType, recordExternalId: externalId, idempotencyKey: `fields:${objectType}:${externalId}`,
          payload: { score: value, band: "B", topReasons: "+10 Replied to the last email", modelVersion: "contact-test-1", scoredAt: new Date().toISOString() },
        });
      }
    });

    // One clock for all of it (the stand-in's window, the adapter's reading of its headers, the
    // worker's pacing and back-off), moved by the test instead of waited for.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

    // Another integration on the same portal has just spent the window: Candor's first call meets a real 429.
    sandbox.setRateLimit({ max: 4, intervalMs: 1500 });
    advance(1600);
    const tokens = sandbox.issueTokens();
    const other = new Client({ accessToken: tokens.accessToken, basePath: sandbox.url, numberOfApiCallRetries: 0 });
    for (let i = 0; i < 4; i++) await other.crm.contacts.basicApi.getById("102");

    const budget = testBudget();
    const startedAt = Date.now();
    const logged = sandbox.requestLog().length;
    expect(await drainOnce({ budget, maxWaitMs: 0 })).toBe(0);
    expect(sandbox.requestLog().slice(logged).map((e) => e.status)).toEqual([429]);
    const waiting = await db.outboxMessage.findMany({ where: { connectionId: conn.id } });
    expect(waiting.every((m) => m.status === "PENDING" && m.attempts === 0)).toBe(true);
    // Retry-After says a whole second (the window's rest, rounded up): nothing is due before that.
    for (const m of waiting) expect(m.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(startedAt + 990);
    expect(await drainOnce({ budget, maxWaitMs: 0 })).toBe(0);

    // Time passes in steps: the stand-in's window moves on, and what the worker deferred falls due.
    for (let round = 0; round < 40; round++) {
      const open = await db.outboxMessage.count({ where: { connectionId: conn.id, status: { not: "DONE" } } });
      if (open === 0) break;
      advance(250);
      await makeDue();
      await drainOnce({ budget, maxWaitMs: 0 });
    }
    const messages = await db.outboxMessage.findMany({ where: { connectionId: conn.id } });
    expect(messages.map((m) => m.status)).toEqual(messages.map(() => "DONE"));
    expect(Math.max(...messages.map((m) => m.attempts))).toBeLessThanOrEqual(2);

    const notes = sandbox.objects("notes").filter((n) => n.properties.candor_flag_id);
    expect(notes.map((n) => n.properties.candor_flag_id).sort()).toEqual([`flag:${flag.id}`, "note:company:501", "note:deal:701"].sort());
    const flagNote = notes.find((n) => n.properties.candor_flag_id === `flag:${flag.id}`)!;
    expect(flagNote.associations).toEqual([{ toType: "contacts", toId: "101", typeId: 202 }]);
    expect(flagNote.properties.hs_note_body).toContain("Candor score flagged: Score is too high");
    expect(flagNote.properties.hs_note_body).toContain("Went with a competitor");
    expect(flagNote.properties.hubspot_owner_id).toBe("9001");
    expect(h.fieldsOf("101")).toMatchObject({ candor_score: "77", candor_band: "B" });
    expect(sandbox.objects("deals")[0]!.properties).toMatchObject({ candor_score: "31" });

    expect(await db.flag.findUniqueOrThrow({ where: { id: flag.id } })).toMatchObject({ syncStatus: "SYNCED", crmTaskId: flagNote.id });
  });
});
