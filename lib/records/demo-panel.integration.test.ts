import { beforeAll, describe, expect, it } from "vitest";
import { principalForUser } from "@/lib/auth/session-store";
import type { Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import { readSnapshot } from "@/lib/scoring/compute";
import { listedPoints } from "@/lib/scoring/breakdown";
import type { FeatureRow } from "@/lib/scoring/features";
import { predict, scorerFor } from "@/lib/scoring/scorer";
import { trainAndScoreTenant } from "@/lib/scoring/service";
import { loadDemoLeads } from "@/test/support/scoring";
import { makeTenant, makeUser } from "@/test/support/fixtures";
import { loadHubSpotRecords } from "@/prisma/seed-hubspot";
import { getInsight, type InsightDto } from "./insight";

// The panel's promises, checked on every score of the demo tenant (prisma/demo generates it: the
// Salesforce leads and the HubSpot contacts, companies and deals, each type with its own model):
// every point is accounted for, and "what would raise it" offers only steps a rep can take on
// that record, with the gain the model itself gives the changed record.

const OBJECT_TYPES = ["Lead", "contact", "company", "deal"] as const;

let principal: Principal;
let asOf: Date;
let scored: Array<{ insight: InsightDto; features: FeatureRow; modelVersionId: string; value: number; objectType: string }>;

beforeAll(async () => {
  const { tenant } = await makeTenant();
  const admin = await makeUser(tenant.id, "ADMIN", null);
  principal = (await principalForUser(db, tenant.id, admin.id))!;
  const loaded = await loadDemoLeads(tenant.id, { EMEA: admin.id, NA: admin.id });
  asOf = loaded.asOf;
  await loadHubSpotRecords(tenant.id, loaded.demo, new Map());
  for (const objectType of OBJECT_TYPES) await trainAndScoreTenant(tenant.id, { asOf, trainedBy: "test", objectType });

  const scores = await db.score.findMany({
    where: { tenantId: tenant.id, isCurrent: true, shadow: false },
    select: { value: true, modelVersionId: true, inputSnapshot: true, record: { select: { provider: true, objectType: true, externalId: true } } },
  });
  scored = [];
  for (const s of scores) {
    const insight = await getInsight(principal, { provider: s.record.provider, objectType: s.record.objectType, externalId: s.record.externalId }, db, asOf);
    scored.push({ insight, features: readSnapshot(s.inputSnapshot)!.features, modelVersionId: s.modelVersionId, value: s.value, objectType: s.record.objectType });
  }
}, 300_000);

describe("every point explained", () => {
  it("typical + listed points = score, for every score in the demo tenant", () => {
    expect(scored.length).toBeGreaterThan(150);
    for (const objectType of OBJECT_TYPES) expect(scored.filter((s) => s.objectType === objectType).length, objectType).toBeGreaterThan(0);
    const off = scored
      .map((s) => ({ id: s.insight.score!.id, value: s.insight.score!.value, points: s.insight.score!.points! }))
      .filter((score) => listedPoints(score.points) !== score.value || score.points.unitemised !== 0)
      .map((score) => `${score.id}: typical ${score.points.typical} + listed = ${listedPoints(score.points)}, score ${score.value}`);
    expect(off).toEqual([]);
  });

  it("groups a long tail only with two or more factors in it, and says how many", () => {
    const tails = scored.map((s) => s.insight.score!.points!.tail).filter((t) => t !== null);
    expect(tails.length).toBeGreaterThan(0);
    for (const tail of tails) {
      expect(tail.count).toBe(tail.items.length);
      expect(tail.count).toBeGreaterThanOrEqual(2);
    }
  });
});

// When each step may be offered, written from what a rep can do, not from lib/scoring's code.
const n = (row: FeatureRow, k: string) => (typeof row[k] === "number" ? (row[k] as number) : 0);
const talksBack = (row: FeatureRow) => n(row, "email_replies_30d") + n(row, "calls_30d") + n(row, "meetings_30d") > 0;
const OFFERED_ONLY_IF: Record<string, (row: FeatureRow) => boolean> = {
  "Book a meeting": (row) => n(row, "meetings_30d") === 0 && talksBack(row),
  "Offer a demo": (row) => n(row, "demo_requested") === 0 && talksBack(row),
  "Call them": (row) => n(row, "calls_30d") === 0 && n(row, "has_phone") === 1,
  "Send them the pricing page": (row) => n(row, "pricing_page_visits_7d") === 0 && (talksBack(row) || n(row, "email_opens_30d") > 0),
  "Invite them to a webinar": (row) => n(row, "webinars_90d") === 0,
  "Follow up on the emails they opened": (row) => n(row, "email_replies_30d") === 0 && n(row, "email_opens_30d") > 0,
  "Reach out today": (row) => row.days_since_last_touch === null || n(row, "days_since_last_touch") >= 7,
  "Add their phone number to the record": (row) => n(row, "has_phone") === 0,
};

describe("what would raise it", () => {
  it("offers only steps a rep can still take on that record", () => {
    const wrong: string[] = [];
    for (const s of scored) {
      for (const r of s.insight.score!.raise) {
        const allowed = OFFERED_ONLY_IF[r.action];
        if (!allowed || !allowed(s.features)) wrong.push(`${s.insight.record.externalId}: ${r.action}`);
      }
    }
    expect(scored.some((s) => s.insight.score!.raise.length > 0)).toBe(true);
    expect(wrong).toEqual([]);
  });

  it("shows the model's own estimate: rescoring the changed record gives the gain", async () => {
    const versions = new Map(
      (await db.modelVersion.findMany({ where: { tenantId: principal.tenantId }, select: { id: true, algorithm: true, params: true } })).map((v) => [v.id, v]),
    );
    let checked = 0;
    for (const s of scored) {
      const scorer = scorerFor(versions.get(s.modelVersionId)!)!;
      const snapshot = readSnapshot(
        (await db.score.findUniqueOrThrow({ where: { id: s.insight.score!.id }, select: { inputSnapshot: true } })).inputSnapshot,
      )!;
      for (const suggestion of snapshot.suggestions) {
        const changed = { ...s.features, ...Object.fromEntries(Object.entries(suggestion.changes).map(([k, v]) => [k, v.to])) };
        expect(Math.round(100 * predict(scorer, changed)) - s.value).toBe(suggestion.gain);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("differs across records of different profiles", () => {
    const leads = scored.filter((s) => s.objectType === "Lead");
    const advice = (s: (typeof leads)[number]) => s.insight.score!.raise.map((r) => r.action).join(" · ");
    const lists = new Map<string, number>();
    for (const s of leads) lists.set(advice(s), (lists.get(advice(s)) ?? 0) + 1);
    expect(lists.size).toBeGreaterThanOrEqual(8);
    expect(Math.max(...lists.values()) / leads.length).toBeLessThan(0.5);

    const withMeeting = leads.filter((s) => n(s.features, "meetings_30d") > 0);
    const withoutMeeting = leads.filter((s) => n(s.features, "meetings_30d") === 0);
    expect(withMeeting.length).toBeGreaterThan(0);
    expect(withMeeting.flatMap((s) => s.insight.score!.raise.map((r) => r.action))).not.toContain("Book a meeting");
    expect(withoutMeeting.some((s) => s.insight.score!.raise.some((r) => r.action === "Book a meeting"))).toBe(true);
  });
});

describe("records without a score", () => {
  it("says a closed record is not scored, and why, instead of promising a score", async () => {
    const closed = await db.crmRecord.findMany({
      where: { tenantId: principal.tenantId, outcome: { not: "OPEN" } },
      distinct: ["objectType", "outcome"],
      select: { provider: true, objectType: true, externalId: true, outcome: true },
    });
    expect(closed.length).toBeGreaterThanOrEqual(4);
    for (const r of closed) {
      const insight = await getInsight(principal, r, db, asOf);
      expect(insight.score).toBeNull();
      expect(insight.status).toMatchObject({ kind: "closed", because: expect.stringMatching(/^this (lead|contact|company|deal) /) });
    }
  });
});
