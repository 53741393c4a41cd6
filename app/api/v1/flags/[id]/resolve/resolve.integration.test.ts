import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { REVIEWER_LABEL_WEIGHT } from "@/lib/flags/review";
import { readSnapshot } from "@/lib/scoring/compute";
import { rescoreAll } from "@/lib/scoring/rescore";
import { loadDemoLeads } from "@/test/support/scoring";
import { loadExamples, trainModel } from "@/lib/scoring/training";
import { call, makeTenant, makeUser, tokenFor } from "@/test/support/fixtures";
import { GET as listFlags, POST as createFlag } from "../../route";
import { POST as resolve } from "./route";

// The loop: a rep flags a score, a reviewer accepts it, and the accepted flag becomes a labelled
// example the next training run learns from.

let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { tenant } = await makeTenant();
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA", "Rita Rep");
  const naRep = await makeUser(tenant.id, "SALES_REP", "NA", "Nate Rep");
  const manager = await makeUser(tenant.id, "SALES_MANAGER", "EMEA", "Mia Manager");
  const naManager = await makeUser(tenant.id, "SALES_MANAGER", "NA", "Ned Manager");
  const { asOf } = await loadDemoLeads(tenant.id, { EMEA: rep.id, NA: naRep.id });
  await trainModel(tenant.id, { objectType: "Lead", trainedBy: "test", promote: "if_better", enqueueRescore: false });
  await rescoreAll(tenant.id, "Lead", { trigger: "seed", because: "test", asOf });
  const tokens = {
    rep: await tokenFor(rep), naRep: await tokenFor(naRep), manager: await tokenFor(manager), naManager: await tokenFor(naManager),
  };
  return { tenant, rep, naRep, manager, tokens };
}

beforeAll(async () => {
  ctx = await setup();
}, 120_000);

const key = () => crypto.randomUUID().replace(/-/g, "");

async function flagOne(token: string, owner: string, kind: "TOO_HIGH" | "TOO_LOW" | "BAD_DATA", skip = 0) {
  const score = (await db.score.findFirst({
    where: { tenantId: ctx.tenant.id, isCurrent: true, shadow: false, record: { ownerUserId: owner } },
    orderBy: { id: "asc" },
    skip,
  }))!;
  const res = await call(createFlag)("/api/v1/flags", { method: "POST", token, body: { scoreId: score.id, kind, idempotencyKey: key() } });
  expect(res.status).toBe(201);
  return { flagId: res.json.id as string, score };
}

describe("the flag review queue and the retraining loop", () => {
  it("lists open flags for reviewers in scope only", async () => {
    const emea = await flagOne(ctx.tokens.rep, ctx.rep.id, "TOO_HIGH");
    const na = await flagOne(ctx.tokens.naRep, ctx.naRep.id, "TOO_LOW");
    const mine = await call(listFlags)("/api/v1/flags?status=OPEN", { token: ctx.tokens.manager });
    expect(mine.status).toBe(200);
    const ids = mine.json.flags.map((f: { id: string }) => f.id);
    expect(ids).toContain(emea.flagId);
    expect(ids).not.toContain(na.flagId);
    expect(mine.json.flags[0]).toMatchObject({ status: "OPEN", author: "Rita Rep", record: { region: "EMEA" }, score: { model: { algorithm: expect.any(String) } } });
    expect((await call(listFlags)("/api/v1/flags", { token: ctx.tokens.rep })).status).toBe(403);
    expect((await call(listFlags)("/api/v1/flags?status=NOPE", { token: ctx.tokens.manager })).status).toBe(422);
  });

  it("turns an accepted TOO_HIGH flag into a label-0 example, audited, and refuses a second decision", async () => {
    const { flagId } = await flagOne(ctx.tokens.rep, ctx.rep.id, "TOO_HIGH", 1);
    const outside = await call(resolve)("/x", {
      method: "POST", token: ctx.tokens.naManager, params: { id: flagId }, body: { decision: "ACCEPTED", resolution: "Agreed" },
    });
    expect(outside.status).toBe(404);
    const res = await call(resolve)("/x", {
      method: "POST", token: ctx.tokens.manager, params: { id: flagId },
      body: { decision: "ACCEPTED", resolution: "They chose a competitor; the rep is right." },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ACCEPTED", trainingLabel: { label: 0, weight: REVIEWER_LABEL_WEIGHT } });
    const flag = (await db.flag.findUnique({ where: { id: flagId } }))!;
    expect(flag).toMatchObject({ status: "ACCEPTED", resolvedById: ctx.manager.id });
    const label = (await db.trainingLabel.findFirst({ where: { flagId } }))!;
    expect(label).toMatchObject({ label: 0, source: "flag:TOO_HIGH", recordId: flag.recordId });
    const audit = await db.auditEvent.findFirst({ where: { action: "flag.resolve", resourceId: flagId } });
    expect(audit).toMatchObject({ outcome: "success", actorUserId: ctx.manager.id, details: { decision: "ACCEPTED", label: 0 } });
    const again = await call(resolve)("/x", {
      method: "POST", token: ctx.tokens.manager, params: { id: flagId }, body: { decision: "REJECTED", resolution: "Changed my mind" },
    });
    expect(again.status).toBe(409);
  });

  it("labels nothing for a rejection, for BAD_DATA, or when the reviewer says so", async () => {
    const cases = [
      { kind: "TOO_LOW" as const, body: { decision: "REJECTED", resolution: "The score matches the history" } },
      { kind: "BAD_DATA" as const, body: { decision: "ACCEPTED", resolution: "Fixed the industry in the CRM" } },
      { kind: "TOO_LOW" as const, body: { decision: "ACCEPTED", resolution: "Right, but no outcome yet", label: null } },
    ];
    for (const [i, c] of cases.entries()) {
      const { flagId } = await flagOne(ctx.tokens.rep, ctx.rep.id, c.kind, 2 + i);
      const res = await call(resolve)("/x", { method: "POST", token: ctx.tokens.manager, params: { id: flagId }, body: c.body });
      expect(res.status).toBe(200);
      expect(res.json.trainingLabel).toBeNull();
    }
  });

  it("feeds accepted labels into the next training run, as the score the reviewer judged", async () => {
    // Counted from what this test adds, so it holds whichever other tests ran first.
    const before = (await loadExamples(ctx.tenant.id, "Lead")).reviewerLabels.length;
    const tooHigh = await flagOne(ctx.tokens.rep, ctx.rep.id, "TOO_HIGH", 7);
    const { flagId, score } = await flagOne(ctx.tokens.rep, ctx.rep.id, "TOO_LOW", 6);
    for (const [id, resolution] of [[tooHigh.flagId, "Went with a competitor"], [flagId, "Signed an LOI"]] as const) {
      const res = await call(resolve)("/x", { method: "POST", token: ctx.tokens.manager, params: { id }, body: { decision: "ACCEPTED", resolution } });
      expect(res.status).toBe(200);
    }
    const { reviewerLabels } = await loadExamples(ctx.tenant.id, "Lead");
    expect(reviewerLabels).toHaveLength(before + 2);
    const fromFlag = reviewerLabels.find((e) => e.label === 1 && JSON.stringify(e.row) === JSON.stringify(readSnapshot(score.inputSnapshot)!.features))!;
    expect(fromFlag).toMatchObject({ weight: REVIEWER_LABEL_WEIGHT, source: "reviewer_label" });
    const run = await trainModel(ctx.tenant.id, { objectType: "Lead", trainedBy: "test", promote: "never", enqueueRescore: false });
    expect(run.metrics).toMatchObject({ rows: { reviewerLabels: before + 2 } });

    // Once the record closes in the CRM, its real outcome replaces the reviewer's label.
    await db.crmRecord.update({ where: { id: score.recordId }, data: { outcome: "LOST", closedAt: new Date("2026-05-30T00:00:00Z") } });
    expect((await loadExamples(ctx.tenant.id, "Lead")).reviewerLabels).toHaveLength(before + 1);
  });
});
