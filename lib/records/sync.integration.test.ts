import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { salesforceHarness, type ContractHarness } from "@/test/support/crm-contract";
import { db } from "@/lib/db";
import "@/lib/jobs/handlers";
import { runOneJob } from "@/lib/jobs/worker";
import { rescoreAll, rescoreRecord } from "@/lib/scoring/rescore";
import { loadDemoLeads } from "@/test/support/scoring";
import { trainModel } from "@/lib/scoring/training";
import { call, makeTenant, makeUser, tokenFor } from "@/test/support/fixtures";
import { GET as getHistory } from "@/app/api/v1/records/[provider]/[objectType]/[externalId]/history/route";
import { registeredSchedules } from "@/lib/jobs/registry";
import { applyCrmRecord, enqueueDuePolls, enqueueRecordSync, pollConnection, POLL_ALL_JOB } from "./sync";

// Incremental rescoring: a changed record is read from the real Salesforce stand-in (through
// jsforce and the stored connection, as adapterFor builds it), stored, rescored with the active
// model and published, by the job handlers themselves; and the poll loop that finds the changes.

describe("against the Salesforce stand-in", () => {
  let h: ContractHarness;
  let tenantId: string;
  let adminToken: string;

  beforeAll(async () => {
    h = await salesforceHarness();
    tenantId = (await db.crmConnection.findUniqueOrThrow({ where: { id: h.connectionId } })).tenantId;
    adminToken = await tokenFor(await makeUser(tenantId, "ADMIN", null));
    // No history at all: the tenant is scored by the cold-start prior.
    await trainModel(tenantId, { objectType: "Lead", trainedBy: "test", promote: "if_better", enqueueRescore: false });
  }, 60_000);
  afterAll(() => h?.close());

  const history = (externalId: string) =>
    call(getHistory)("/x", { token: adminToken, params: { provider: "SALESFORCE", objectType: "Lead", externalId } });

  it("crm_sync_record: due at once, it reads the record, stores it with its activities, scores and publishes it", async () => {
    await enqueueRecordSync(db, tenantId, { connectionId: h.connectionId, objectType: "Lead", externalId: h.ids[0] });
    const again = await enqueueRecordSync(db, tenantId, { connectionId: h.connectionId, objectType: "Lead", externalId: h.ids[0] });
    expect(again.deduplicated).toBe(true);
    // The runner takes only jobs that are due: this one is due the moment it is enqueued, and
    // this one run reads, stores, scores and publishes the record.
    expect(await runOneJob()).toBe(true);
    const job = (await db.job.findFirst({ where: { tenantId, kind: "crm_sync_record" } }))!;
    expect(job).toMatchObject({ status: "DONE", result: { status: "synced", created: true, rescored: true } });

    const record = (await db.crmRecord.findFirst({ where: { tenantId, externalId: h.ids[0] }, include: { activities: true } }))!;
    expect(record).toMatchObject({ name: "Ada Open", outcome: "OPEN", ownerExternalId: h.ownerExternalId });
    expect(record.activities.map((a) => a.subject)).toEqual(["Discovery call"]);
    const score = (await db.score.findFirst({ where: { recordId: record.id, isCurrent: true }, include: { modelVersion: true } }))!;
    expect(score).toMatchObject({ trigger: "incremental", shadow: false, modelVersion: { algorithm: "prior" } });
    expect(score.publishedAt).not.toBeNull();
    expect(await db.outboxMessage.count({ where: { sourceId: score.id, kind: "update_fields" } })).toBe(1);
    expect(await db.summary.count({ where: { recordId: record.id, stale: false } })).toBe(1);
  });

  it("rescores again after a change in Salesforce, saying what changed; an unchanged record is left alone", async () => {
    await h.touch(h.ids[0]);
    await enqueueRecordSync(db, tenantId, { connectionId: h.connectionId, objectType: "Lead", externalId: h.ids[0] });
    await runOneJob();
    const res = await history(h.ids[0]);
    expect(res.status).toBe(200);
    expect(res.json.scores).toHaveLength(2);
    const [latest, first] = res.json.scores;
    expect(latest).toMatchObject({ current: true, trigger: "incremental", change: { because: "record changed in the CRM", previousValue: first.value } });
    expect(latest.change.inputs).toEqual([{ feature: "title_seniority", from: "unknown", to: "individual" }]);
    expect(first.current).toBe(false);
    const record = (await db.crmRecord.findFirst({ where: { tenantId, externalId: h.ids[0] } }))!;
    expect(await db.summary.count({ where: { recordId: record.id, stale: true } })).toBe(1);

    await enqueueRecordSync(db, tenantId, { connectionId: h.connectionId, objectType: "Lead", externalId: h.ids[0] });
    await runOneJob();
    expect((await history(h.ids[0])).json.scores).toHaveLength(2);
  });

  it("crm_poll: the schedule polls every Salesforce connection, which pulls every change since the cursor", async () => {
    expect(registeredSchedules()).toContainEqual({ name: "crm-poll", cron: "* * * * *", kind: POLL_ALL_JOB, payload: {} });
    // One poll per connection while one waits: the schedule ticking again adds none.
    expect(await enqueueDuePolls()).toEqual({ connections: 1, enqueued: 1 });
    expect(await enqueueDuePolls()).toEqual({ connections: 1, enqueued: 0 });
    await runOneJob();
    const done = (await db.job.findFirst({ where: { tenantId, kind: "crm_poll", status: "DONE" } }))!;
    expect(done.result).toMatchObject({ status: "polled", records: 4 });
    expect(await db.job.count({ where: { tenantId, kind: "crm_poll", status: "PENDING" } })).toBe(0);
    const won = (await db.crmRecord.findFirst({ where: { tenantId, externalId: h.wonId } }))!;
    expect(won.outcome).toBe("WON");
    expect(await db.score.count({ where: { recordId: won.id } })).toBe(0);
    expect(await db.score.count({ where: { tenantId, isCurrent: true, shadow: false } })).toBe(3);

    expect(await pollConnection(h.connectionId)).toMatchObject({ records: 0 });
    await h.touch(h.ids[1]);
    expect(await pollConnection(h.connectionId)).toMatchObject({ records: 1, rescored: 1 });
  });
});

describe("incremental rescoring on the database side", () => {
  it("a new meeting moves the score; the history names the contribution that moved", async () => {
    const { tenant, connection } = await makeTenant();
    const rep = await makeUser(tenant.id, "SALES_REP", "EMEA");
    const { asOf } = await loadDemoLeads(tenant.id, { EMEA: rep.id, NA: rep.id });
    await trainModel(tenant.id, { objectType: "Lead", trainedBy: "test", promote: "if_better", enqueueRescore: false });
    await rescoreAll(tenant.id, "Lead", { trigger: "seed", because: "test", asOf });
    const record = (await db.crmRecord.findFirst({
      where: { tenantId: tenant.id, outcome: "OPEN", activities: { none: { kind: "meeting" } } },
      include: { activities: true },
    }))!;
    const fields = record.fields as Record<string, unknown>;
    const when = new Date(asOf.getTime() - 86_400_000);
    const applied = await applyCrmRecord(connection, {
      objectType: "Lead", externalId: record.externalId, name: record.name, ownerExternalId: record.ownerExternalId, fields,
      createdAt: record.crmCreatedAt.toISOString(), updatedAt: when.toISOString(), outcome: "OPEN", closedAt: null,
      activities: [{ externalId: "00T000000000001AAA", kind: "meeting", subject: "Scoping meeting", occurredAt: when.toISOString() }],
    });
    expect(applied).toMatchObject({ changed: true, newActivities: 1 });
    const result = (await rescoreRecord(record.id, { trigger: "incremental", because: "record changed in the CRM", asOf }))!;
    expect(result.summary).toBe("regenerated");
    const latest = (await db.score.findFirst({ where: { recordId: record.id, isCurrent: true } }))!;
    const changes = latest.changes as { inputs: Array<{ feature: string }>; movers: Array<{ feature: string }>; delta: number };
    expect(changes.inputs.map((i) => i.feature)).toContain("meetings_30d");
    expect(changes.movers.map((m) => m.feature)).toContain("meetings_30d");
    expect(changes.delta).toBe(latest.value - (await db.score.findFirst({ where: { recordId: record.id, isCurrent: false } }))!.value);
    const summary = (await db.summary.findFirst({ where: { recordId: record.id, stale: false } }))!;
    expect(summary.text).toContain("meeting");
  }, 120_000);
});

describe("CRM data PostgreSQL cannot store", () => {
  // Finding 5 of issue 9: a NUL or an unpaired surrogate in a CRM field failed the record's sync
  // (PostgreSQL refuses 0x00 in text and jsonb; Prisma refuses unpaired surrogates) every time.
  it("stores a record whose name, fields, owner and activities hold NUL and unpaired surrogates, each as U+FFFD", async () => {
    const { tenant, connection } = await makeTenant();
    const at = "2026-05-01T10:00:00.000Z";
    const applied = await applyCrmRecord(connection, {
      objectType: "Lead", externalId: "00Q00000000NUL1AAA", name: "Ada\u0000 Love\uD800lace", ownerExternalId: "005\u00000000000001",
      fields: { LastName: "Love\u0000lace", ["Note\uDC00"]: ["ok", "bad\uD83D"], Company: "Globex" },
      createdAt: at, updatedAt: at, outcome: "OPEN", closedAt: null,
      activities: [{ externalId: "00T1", kind: "call", subject: `${"x".repeat(499)}\uD83D\uDE00 and more`, occurredAt: at }],
    });
    expect(applied).toMatchObject({ created: true, newActivities: 1 });
    const row = await db.crmRecord.findFirstOrThrow({ where: { tenantId: tenant.id, externalId: "00Q00000000NUL1AAA" }, include: { activities: true } });
    expect(row).toMatchObject({
      name: "Ada\uFFFD Love\uFFFDlace", ownerExternalId: "005\uFFFD0000000001",
      fields: { LastName: "Love\uFFFDlace", ["Note\uFFFD"]: ["ok", "bad\uFFFD"], Company: "Globex" },
    });
    // Clipped to 500 code units without leaving half of the emoji behind.
    expect(row.activities.map((a) => a.subject)).toEqual(["x".repeat(499)]);
  });
});

