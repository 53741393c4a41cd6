import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { call, makeScoredRecord, makeTenant, makeUser, tokenFor } from "@/test/support/fixtures";
import { GET as getInsight } from "../../records/[provider]/[objectType]/[externalId]/insight/route";
import { POST as rollback } from "../../models/[id]/rollback/route";
import { POST as ingest } from "./route";

// Bring your own model: versioned body, batches of up to 500, Idempotency-Key replays, external
// model versions in the registry, scores shown and published like Candor's own.

let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { tenant } = await makeTenant();
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA");
  const scientist = await makeUser(tenant.id, "DATA_SCIENTIST", null);
  const records = [];
  // One at a time: the fixture upserts a shared model version.
  for (let i = 0; i < 3; i++) records.push(await makeScoredRecord(tenant.id, { ownerUserId: rep.id, region: "EMEA" }));
  return { tenant, rep, records, tokens: { rep: await tokenFor(rep), scientist: await tokenFor(scientist) } };
}

beforeAll(async () => {
  ctx = await setup();
});

const ref = (i: number) => ({ provider: "SALESFORCE", objectType: "Lead", externalId: ctx.records[i]!.record.externalId });
const model = { name: "acme-xgb", version: "2026.06.1", metadata: { framework: "xgboost", auc: 0.81 } };
const batch = () => ({
  schemaVersion: 1,
  items: [
    {
      record: ref(0), probability: 0.83, model,
      reasons: [
        { feature: "intent_score", text: "Strong buying intent this week", points: 20 },
        { feature: "tenure", text: "New account", contribution: -0.4 },
      ],
    },
    { record: ref(1), score: 41, model, reasons: [] },
    { record: { provider: "SALESFORCE", objectType: "Lead", externalId: "00Q000000000000ZZZ" }, score: 10, model },
  ],
});
const post = (body: unknown, key: string | null, token = ctx.tokens.scientist) =>
  call(ingest)("/api/v1/scores/ingest", { method: "POST", token, body, headers: key ? { "idempotency-key": key } : {} });

describe("POST /api/v1/scores/ingest", () => {
  it("scores known records, reports unknown ones, and publishes to the CRM", async () => {
    const res = await post(batch(), "batch-0001-aaaa");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ schemaVersion: 1, accepted: 2, rejected: 1 });
    expect(res.json.results[2]).toEqual({ index: 2, status: "unknown_record" });
    expect(res.json.results[0]).toMatchObject({ status: "scored", value: 83, band: "A" });
    const version = await db.modelVersion.findUnique({ where: { id: res.json.models[0].id } });
    expect(version).toMatchObject({ algorithm: "external", status: "ACTIVE", version: "lead-external-acme-xgb@2026.06.1" });
    expect(version!.params).toMatchObject({ metadata: { framework: "xgboost" } });
    const outbox = await db.outboxMessage.findMany({ where: { tenantId: ctx.tenant.id, sourceId: { in: [res.json.results[0].scoreId, res.json.results[1].scoreId] } } });
    expect(outbox).toHaveLength(2);

    const insight = await call(getInsight)("/x", { token: ctx.tokens.rep, params: ref(0) });
    expect(insight.json.score).toMatchObject({ value: 83, model: { algorithm: "external", coldStart: false } });
    expect(insight.json.score.reasons.positive[0]).toMatchObject({ text: "Strong buying intent this week", points: 20 });
    expect(insight.json.score.reasons.negative[0]).toMatchObject({ text: "New account", points: -6 });
    // Typical record + reasons + the rest adds up to the score.
    const shown = 20 - 6;
    expect(insight.json.score.basePoints + shown + insight.json.score.otherPoints).toBe(83);
  });

  it("answers a replay (same key, same body) with the first response and writes nothing new", async () => {
    const scores = await db.score.count({ where: { tenantId: ctx.tenant.id } });
    const first = await post(batch(), "batch-0001-aaaa");
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBe("true");
    const stored = await db.idempotencyRecord.findFirst({ where: { tenantId: ctx.tenant.id, key: "batch-0001-aaaa" } });
    expect(first.json).toEqual(stored!.response);
    expect(await db.score.count({ where: { tenantId: ctx.tenant.id } })).toBe(scores);
  });

  it("refuses the same key with a different body (409), and a missing or malformed key (400)", async () => {
    const changed = batch();
    changed.items[1]!.score = 42;
    expect((await post(changed, "batch-0001-aaaa")).status).toBe(409);
    expect((await post(batch(), null)).status).toBe(400);
    expect((await post(batch(), "bad key!")).status).toBe(400);
  });

  it("validates the body: schema version, batch size, exactly one of score and probability, plain text", async () => {
    const one = batch().items[0]!;
    const cases = [
      { ...batch(), schemaVersion: 2 },
      { schemaVersion: 1, items: Array.from({ length: 501 }, () => one) },
      { schemaVersion: 1, items: [{ ...one, score: 50 }] },
      { schemaVersion: 1, items: [{ ...one, reasons: [{ feature: "x", text: "<script>", points: 1 }] }] },
      { schemaVersion: 1, items: [{ ...one, reasons: [{ feature: "x", text: "no points" }] }] },
      { schemaVersion: 1, items: [{ ...one, extra: true }] },
    ];
    for (const body of cases) expect((await post(body, `validate-${Math.random().toString(36).slice(2)}`)).status).toBe(422);
  });

  it("accepts a full batch of 500 in one request", async () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ record: ref(i % 3), score: i % 101, model: { name: "acme-xgb", version: "2026.06.1" } }));
    const res = await post({ schemaVersion: 1, items }, "batch-full-500-x");
    expect(res.status).toBe(200);
    expect(res.json.accepted).toBe(500);
    // One current score per record, the last one written for it.
    expect(await db.score.count({ where: { tenantId: ctx.tenant.id, isCurrent: true } })).toBe(3);
  }, 60_000);

  it("is forbidden to roles that cannot modify scores, and audited", async () => {
    expect((await post(batch(), "batch-0002-bbbb", ctx.tokens.rep)).status).toBe(403);
    expect(await db.auditEvent.count({ where: { tenantId: ctx.tenant.id, action: "scores.ingest", outcome: "success" } })).toBeGreaterThanOrEqual(3);
  });

  it("stops taking scores for a version that was rolled back", async () => {
    const external = (await db.modelVersion.findFirst({ where: { tenantId: ctx.tenant.id, algorithm: "external" } }))!;
    expect((await call(rollback)("/x", { method: "POST", token: ctx.tokens.scientist, params: { id: external.id } })).status).toBe(200);
    const res = await post(batch(), "batch-0003-cccc");
    expect(res.json.results[0]).toEqual({ index: 0, status: "model_retired" });
  });
});
