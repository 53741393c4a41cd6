import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import "@/lib/jobs/handlers";
import { runOneJob } from "@/lib/jobs/worker";
import { rescoreAll } from "@/lib/scoring/rescore";
import { loadDemoLeads } from "@/test/support/scoring";
import { trainModel } from "@/lib/scoring/training";
import { call, makeTenant, makeUser, tokenFor } from "@/test/support/fixtures";
import { GET as getRules, PUT as putRules } from "../cold-start-rules/route";
import { GET as getInsight } from "../../records/[provider]/[objectType]/[externalId]/insight/route";
import { GET, PUT } from "./route";

// Admins reword reasons; current scores pick up the new words without being rescored.

let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { tenant } = await makeTenant();
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA");
  const admin = await makeUser(tenant.id, "ADMIN", null);
  const { asOf } = await loadDemoLeads(tenant.id, { EMEA: rep.id, NA: rep.id }, { leadCount: 60 });
  await trainModel(tenant.id, { objectType: "Lead", trainedBy: "test", promote: "if_better", enqueueRescore: false });
  await rescoreAll(tenant.id, "Lead", { trigger: "seed", because: "test", asOf });
  return { tenant, tokens: { rep: await tokenFor(rep), admin: await tokenFor(admin) } };
}

beforeAll(async () => {
  ctx = await setup();
}, 120_000);

const wording = {
  days_since_last_touch: {
    positive: "Last heard from {value} {value|day|days} ago",
    negative: "Quiet for {value} days",
    missing: "Never contacted",
  },
};

describe("the reason catalogue", () => {
  it("is admin-only and shows defaults, overrides and the effective catalogue", async () => {
    expect((await call(GET)("/x", { token: ctx.tokens.rep })).status).toBe(403);
    const res = await call(GET)("/x", { token: ctx.tokens.admin });
    expect(res.status).toBe(200);
    expect(res.json.overrides).toEqual({});
    expect(res.json.effective.meetings_30d.byValue["0"]).toBe("No meetings in the last 30 days");
  });

  it("rejects unknown features and unsafe or malformed templates", async () => {
    for (const body of [
      { not_a_feature: { positive: "a", negative: "b" } },
      { meetings_30d: { positive: "<b>{value}</b>", negative: "b" } },
      { meetings_30d: { positive: "{value", negative: "b" } },
      { meetings_30d: { positive: "Met {title}", negative: "b" } },
    ]) {
      expect((await call(PUT)("/x", { method: "PUT", token: ctx.tokens.admin, body })).status).toBe(422);
    }
  });

  it("saves the admin's wording and re-words current reasons, leaving points alone", async () => {
    const before = await db.reason.findMany({ where: { feature: "days_since_last_touch", score: { tenantId: ctx.tenant.id, isCurrent: true } } });
    expect(before.length).toBeGreaterThan(0);
    const res = await call(PUT)("/x", { method: "PUT", token: ctx.tokens.admin, body: wording });
    expect(res.status).toBe(200);
    expect(res.json.effective.days_since_last_touch.negative).toBe("Quiet for {value} days");
    while (await runOneJob()) {
      // The re-wording job.
    }
    const after = await db.reason.findMany({ where: { id: { in: before.map((r) => r.id) } } });
    for (const r of after) {
      const old = before.find((b) => b.id === r.id)!;
      expect(r.points).toBe(old.points);
      expect(r.text).toMatch(/^(Last heard from \d+ days? ago|Quiet for \d+ days|Never contacted|Touched today)$/);
    }
    expect(await db.auditEvent.count({ where: { tenantId: ctx.tenant.id, action: "reason_catalogue.update", outcome: "success" } })).toBe(1);

    // The panel shows the new words too (its stored view of the score was rewritten with them).
    const reason = after[0]!;
    const { record } = await db.score.findUniqueOrThrow({ where: { id: reason.scoreId }, select: { record: true } });
    const insight = await call(getInsight)("/x", {
      token: ctx.tokens.admin, params: { provider: record.provider, objectType: record.objectType, externalId: record.externalId },
    });
    const { top, more, tail } = insight.json.score.points;
    const shown = [...top, ...more, ...(tail?.items ?? [])].find((r: { feature: string }) => r.feature === "days_since_last_touch");
    expect(shown).toEqual({ feature: "days_since_last_touch", text: reason.text, points: reason.points });
  });
});

describe("cold-start rules", () => {
  it("validates, saves and makes a new prior version the active one while in cold start", async () => {
    const active = await db.modelVersion.findFirst({ where: { tenantId: ctx.tenant.id, status: "ACTIVE" } });
    expect(active!.algorithm).toBe("prior");
    const bad = await call(putRules)("/x", { method: "PUT", token: ctx.tokens.admin, body: { rules: [{ feature: "nope", when: { equals: 1 }, logOdds: 1 }] } });
    expect(bad.status).toBe(422);
    const body = { baseRate: 0.25, rules: [{ feature: "title_seniority", when: { oneOf: ["vp", "director"] }, logOdds: 0.5 }] };
    const res = await call(putRules)("/x", { method: "PUT", token: ctx.tokens.admin, body });
    expect(res.status).toBe(200);
    expect((await call(getRules)("/x", { token: ctx.tokens.admin })).json).toMatchObject(body);
    while (await runOneJob()) {
      // Training (still cold start), then the rescore it queues.
    }
    const now = (await db.modelVersion.findFirst({ where: { tenantId: ctx.tenant.id, status: "ACTIVE" } }))!;
    expect(now.algorithm).toBe("prior");
    expect(now.id).not.toBe(active!.id);
    expect(now.params).toMatchObject({ baseRate: 0.25, rules: body.rules });
  });
});
