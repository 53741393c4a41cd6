import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import "@/lib/jobs/handlers";
import { runOneJob } from "@/lib/jobs/worker";
import { readSnapshot } from "@/lib/scoring/compute";
import { calibrate } from "@/lib/scoring/gbdt";
import { promoteVersion } from "@/lib/scoring/registry";
import { rescoreAll } from "@/lib/scoring/rescore";
import { parseGbdtBundle, scorerFor } from "@/lib/scoring/scorer";
import { loadDemoLeads } from "@/test/support/scoring";
import { trainModel } from "@/lib/scoring/training";
import { call, makeTenant, makeUser, tokenFor } from "@/test/support/fixtures";
import { GET as getJob } from "../jobs/[id]/route";
import { GET as getInsight } from "../records/[provider]/[objectType]/[externalId]/insight/route";
import { POST as rescore } from "../scores/rescore/route";
import { POST as promote } from "./[id]/promote/route";
import { POST as rollback } from "./[id]/rollback/route";
import { GET as getModel } from "./[id]/route";
import { POST as shadow } from "./[id]/shadow/route";
import { GET as listModels } from "./route";
import { POST as train } from "./train/route";

// The registry end to end: training through the job queue, the held-out comparison with the prior,
// promote / shadow / rollback through the API, full rescoring with progress, and the additivity of
// every stored score, checked against the model reloaded from the database. Each test builds the
// tenant it needs (its own leads, its own models), so any one passes alone and in any order.

async function tenantWithLeads() {
  const { tenant } = await makeTenant();
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA", "Rita Rep");
  const naRep = await makeUser(tenant.id, "SALES_REP", "NA", "Nate Rep");
  const scientist = await makeUser(tenant.id, "DATA_SCIENTIST", null, "Dana Scientist");
  const { asOf } = await loadDemoLeads(tenant.id, { EMEA: rep.id, NA: naRep.id });
  return { tenant, rep, scientist, asOf, tokens: { rep: await tokenFor(rep), scientist: await tokenFor(scientist) } };
}
type Ctx = Awaited<ReturnType<typeof tenantWithLeads>>;

async function drainJobs() {
  while (await runOneJob()) {
    // Runs every due job (training enqueues a rescore) until the queue is empty.
  }
}

// A trained GBDT candidate beside the prior (which carries the tenant meanwhile).
async function withCandidate(ctx: Ctx, seed?: number) {
  const trained = await trainModel(ctx.tenant.id, { objectType: "Lead", trainedBy: ctx.scientist.id, promote: "never", enqueueRescore: false, ...(seed ? { seed } : {}) });
  return db.modelVersion.findUniqueOrThrow({ where: { id: trained.modelVersionId } });
}

// A GBDT model active and every open record scored by it, as the rescore job would score them.
async function withActiveGbdt(ctx: Ctx) {
  const gbdt = await withCandidate(ctx);
  await db.$transaction((tx) => promoteVersion(tx, ctx.tenant.id, gbdt.id, ctx.scientist.id));
  await drainJobs();
  return gbdt;
}

afterEach(() => {
  vi.useRealTimers();
});

const activeOf = (ctx: Ctx) => db.modelVersion.findFirst({ where: { tenantId: ctx.tenant.id, status: "ACTIVE" } });
const currentScores = (ctx: Ctx) =>
  db.score.findMany({ where: { tenantId: ctx.tenant.id, isCurrent: true, shadow: false }, include: { reasons: true, modelVersion: true } });

describe("training and the registry", () => {
  it("trains through POST /models/train as a job, records the figures and the decision against the prior", async () => {
    const ctx = await tenantWithLeads();
    const denied = await call(train)("/x", { method: "POST", token: ctx.tokens.rep, body: {} });
    expect(denied.status).toBe(403);
    const res = await call(train)("/x", { method: "POST", token: ctx.tokens.scientist, body: { objectType: "Lead", promote: "never" } });
    expect(res.status).toBe(202);
    await drainJobs();
    const job = await call(getJob)("/x", { token: ctx.tokens.scientist, params: { id: res.json.jobId } });
    expect(job.json).toMatchObject({ kind: "train_model", status: "DONE" });
    expect(job.json.result).toMatchObject({ decision: "candidate", algorithm: "gbdt" });

    const list = await call(listModels)("/x?objectType=Lead", { token: ctx.tokens.scientist });
    expect(list.status).toBe(200);
    const gbdt = list.json.models.find((m: { algorithm: string }) => m.algorithm === "gbdt");
    const prior = list.json.models.find((m: { algorithm: string }) => m.algorithm === "prior");
    // Nothing was active, so the prior carries the tenant until a trained model is promoted.
    expect(prior).toMatchObject({ status: "ACTIVE", coldStart: true });
    expect(gbdt).toMatchObject({ status: "CANDIDATE", coldStart: false, trainedBy: ctx.scientist.id, objectType: "Lead" });
    expect(gbdt.metrics.test).toEqual(
      expect.objectContaining({ auc: expect.any(Number), logLoss: expect.any(Number), ece: expect.any(Number), liftTop10: expect.any(Number) }),
    );
    expect(gbdt.metrics.test.topBand).toEqual(expect.objectContaining({ band: "A", rows: expect.any(Number) }));
    expect(gbdt.metrics.comparison).toMatchObject({ baseline: { version: prior.version }, candidateWins: expect.any(Boolean) });
    expect(gbdt.metrics.window.testFrom >= gbdt.metrics.window.trainTo).toBe(true);
    expect(gbdt.features.map((f: { name: string }) => f.name)).toContain("meetings_30d");
    expect(new Date(gbdt.trainingTo).getTime()).toBeGreaterThan(new Date(gbdt.trainingFrom).getTime());

    const detail = await call(getModel)("/x", { token: ctx.tokens.scientist, params: { id: gbdt.id } });
    expect(detail.json.model).toMatchObject({ calibration: "platt", boostedFromPrior: true });
    // Early stopping keeps the trees up to the best validation round.
    expect(detail.json.model.trees).toBe(detail.json.model.training.bestIteration + 1);
    expect(detail.json.model.trees).toBeGreaterThan(0);
  });

  it("promotes the trained model; the full rescore job reports progress and every score is exactly additive", async () => {
    const ctx = await tenantWithLeads();
    const gbdt = await withCandidate(ctx);
    const res = await call(promote)("/x", { method: "POST", token: ctx.tokens.scientist, params: { id: gbdt.id } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ACTIVE", replaced: expect.stringContaining("prior") });
    expect((await call(promote)("/x", { method: "POST", token: ctx.tokens.scientist, params: { id: gbdt.id } })).status).toBe(409);
    await drainJobs();
    const job = await call(getJob)("/x", { token: ctx.tokens.scientist, params: { id: res.json.rescoreJobId } });
    expect(job.json).toMatchObject({ kind: "full_rescore", status: "DONE" });
    expect(job.json.total).toBeGreaterThan(100);
    expect(job.json.progress).toBe(job.json.total);

    const scores = await currentScores(ctx);
    expect(scores.length).toBe(job.json.total);
    const scorer = scorerFor(gbdt)!;
    const bundle = parseGbdtBundle(gbdt.params);
    for (const score of scores) {
      expect(score.modelVersionId).toBe(gbdt.id);
      expect(score.trigger).toBe("full_run");
      const snapshot = readSnapshot(score.inputSnapshot)!;
      // Additivity through the app path: what was stored, against the model reloaded from the database.
      const again = scorer.explain(snapshot.features);
      const stored = Object.values(snapshot.explanation.contributions).reduce((s, c) => s + c, score.baseValue);
      expect(Math.abs(stored - again.raw)).toBeLessThan(1e-6);
      expect(Math.abs(snapshot.explanation.raw - again.raw)).toBeLessThan(1e-9);
      expect(Math.abs(score.probability - calibrate(bundle.calibrator, again.raw))).toBeLessThan(1e-12);
      expect(score.value).toBe(Math.round(100 * score.probability));
      for (const reason of score.reasons) expect(reason.contribution).toBe(snapshot.explanation.contributions[reason.feature]);
      const points = Object.values(snapshot.explanation.points).reduce((s, p) => s + p, snapshot.explanation.basePoints);
      expect(points).toBe(score.value);
    }
    expect(await db.outboxMessage.count({ where: { tenantId: ctx.tenant.id, kind: "update_fields" } })).toBeGreaterThanOrEqual(scores.length);
  });

  it("shows the rep the GBDT score with reasons and what would raise it", async () => {
    const ctx = await tenantWithLeads();
    await withActiveGbdt(ctx);
    // A record of the rep's whose score has suggestions, so "what would raise it" has something to say.
    const scores = await db.score.findMany({
      where: { tenantId: ctx.tenant.id, isCurrent: true, shadow: false, record: { ownerUserId: ctx.rep.id } },
      include: { record: true },
    });
    const score = scores.find((s) => (readSnapshot(s.inputSnapshot)?.suggestions.length ?? 0) > 0)!;
    expect(score).toBeDefined();
    const res = await call(getInsight)("/x", {
      token: ctx.tokens.rep, params: { provider: "SALESFORCE", objectType: "Lead", externalId: score.record.externalId },
    });
    expect(res.status).toBe(200);
    expect(res.json.score.model).toMatchObject({ algorithm: "gbdt", coldStart: false });
    expect(res.json.score.points.top.length).toBeGreaterThan(0);
    const withRaise = await db.score.findMany({ where: { tenantId: ctx.tenant.id, isCurrent: true, shadow: false }, select: { inputSnapshot: true } });
    expect(withRaise.some((s) => (readSnapshot(s.inputSnapshot)?.suggestions.length ?? 0) > 0)).toBe(true);
    for (const r of res.json.score.raise) expect(r.gain).toBeGreaterThan(0);
  });

  it("runs a shadow model alongside: scored, never shown or published", async () => {
    // Scores depend on how long ago things happened: the clock stands still, so the active model's
    // second pass sees exactly what its first saw.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const ctx = await tenantWithLeads();
    await withActiveGbdt(ctx);
    const second = await trainModel(ctx.tenant.id, { objectType: "Lead", trainedBy: "test", promote: "never", seed: 7, enqueueRescore: false });
    const res = await call(shadow)("/x", { method: "POST", token: ctx.tokens.scientist, params: { id: second.modelVersionId } });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("SHADOW");
    const outboxBefore = await db.outboxMessage.count({ where: { tenantId: ctx.tenant.id } });
    await drainJobs();
    const shadows = await db.score.findMany({ where: { tenantId: ctx.tenant.id, shadow: true, isCurrent: true } });
    expect(shadows.length).toBeGreaterThan(100);
    expect(shadows.every((s) => s.modelVersionId === second.modelVersionId)).toBe(true);
    // The active model's scores did not change (same model, same inputs), so nothing was published.
    expect(await db.outboxMessage.count({ where: { tenantId: ctx.tenant.id } })).toBe(outboxBefore);
    const anyRecord = (await db.crmRecord.findUnique({ where: { id: shadows[0]!.recordId } }))!;
    const insight = await call(getInsight)("/x", {
      token: ctx.tokens.scientist, params: { provider: "SALESFORCE", objectType: "Lead", externalId: anyRecord.externalId },
    });
    expect(insight.json.score.model.version).not.toBe(second.version);
    expect((await call(shadow)("/x", { method: "POST", token: ctx.tokens.scientist, params: { id: (await activeOf(ctx))!.id } })).status).toBe(409);
  });

  it("rolls back to the previously active model, and walks back in order", async () => {
    const ctx = await tenantWithLeads();
    const first = await withActiveGbdt(ctx);
    const second = await withCandidate(ctx, 7);
    expect((await call(promote)("/x", { method: "POST", token: ctx.tokens.scientist, params: { id: second.id } })).status).toBe(200);
    expect((await activeOf(ctx))!.id).toBe(second.id);
    expect((await call(rollback)("/x", { method: "POST", token: ctx.tokens.scientist, params: { id: first.id } })).status).toBe(409);

    const back = await call(rollback)("/x", { method: "POST", token: ctx.tokens.scientist, params: { id: second.id } });
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ id: first.id, status: "ACTIVE", retired: second.version });
    expect((await db.modelVersion.findUnique({ where: { id: second.id } }))!.status).toBe("RETIRED");
    // One more step back reaches the prior the first model replaced; then there is nothing left.
    expect((await call(rollback)("/x", { method: "POST", token: ctx.tokens.scientist, params: { id: first.id } })).json.version).toMatch(/prior/);
    const prior = (await activeOf(ctx))!;
    expect((await call(rollback)("/x", { method: "POST", token: ctx.tokens.scientist, params: { id: prior.id } })).status).toBe(409);
    const audit = await db.auditEvent.findMany({
      where: { tenantId: ctx.tenant.id, action: { in: ["model.promote", "model.rollback"] }, outcome: "success" }, orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.action, a.resourceId])).toEqual([["model.promote", second.id], ["model.rollback", first.id], ["model.rollback", prior.id]]);
    await drainJobs();
    const scores = await currentScores(ctx);
    expect(scores.every((s) => s.modelVersion.algorithm === "prior")).toBe(true);
    expect(scores[0]!.changes).toMatchObject({ modelChanged: true, previous: { modelVersionId: first.id } });
  });

  it("starts a full rescore through the API, runs it to the end, and reports each model's flag rate", async () => {
    const ctx = await tenantWithLeads();
    const gbdt = await withActiveGbdt(ctx);
    const before = new Set((await currentScores(ctx)).map((s) => s.id));
    const res = await call(rescore)("/x", { method: "POST", token: ctx.tokens.scientist, body: { objectType: "Lead" } });
    expect(res.status).toBe(202);
    expect((await call(getJob)("/x", { token: ctx.tokens.scientist, params: { id: res.json.jobId } })).json).toMatchObject({ kind: "full_rescore", status: "PENDING" });
    await drainJobs();
    const job = await call(getJob)("/x", { token: ctx.tokens.scientist, params: { id: res.json.jobId } });
    expect(job.json).toMatchObject({ kind: "full_rescore", status: "DONE" });
    expect(job.json.progress).toBe(job.json.total);
    const after = await currentScores(ctx);
    expect(after).toHaveLength(before.size);
    expect(after.every((s) => s.modelVersionId === gbdt.id && s.trigger === "full_run")).toBe(true);

    const score = (await db.score.findFirst({ where: { tenantId: ctx.tenant.id, isCurrent: true, shadow: false } }))!;
    await db.flag.create({
      data: { tenantId: ctx.tenant.id, scoreId: score.id, recordId: score.recordId, userId: ctx.rep.id, kind: "TOO_HIGH", idempotencyKey: "flag-rate-test-0001" },
    });
    const list = await call(listModels)("/x", { token: ctx.tokens.scientist });
    const model = list.json.models.find((m: { id: string }) => m.id === score.modelVersionId);
    expect(model.usage.flags).toBe(1);
    expect(model.usage.flagRate).toBeCloseTo(1 / model.usage.scores, 12);
  });

  it("keeps the prior as the tenant's model while history is too short (cold start)", async () => {
    const { tenant } = await makeTenant();
    const rep = await makeUser(tenant.id, "SALES_REP", "EMEA");
    const { asOf } = await loadDemoLeads(tenant.id, { EMEA: rep.id, NA: rep.id }, { leadCount: 50 });
    const result = await trainModel(tenant.id, { objectType: "Lead", trainedBy: "test", promote: "if_better", enqueueRescore: false });
    expect(result).toMatchObject({ decision: "cold_start", algorithm: "prior" });
    expect(result.reason).toMatch(/Cold start: \d+ (closed records|converted)/);
    await rescoreAll(tenant.id, "Lead", { trigger: "full_run", because: "test", asOf });
    const score = (await db.score.findFirst({ where: { tenantId: tenant.id, isCurrent: true }, include: { record: true } }))!;
    const insight = await call(getInsight)("/x", {
      token: await tokenFor(rep), params: { provider: "SALESFORCE", objectType: "Lead", externalId: score.record.externalId },
    });
    expect(insight.json.score.model).toMatchObject({ algorithm: "prior", coldStart: true });
  });
});
