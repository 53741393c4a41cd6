import { describe, expect, it } from "vitest";
import { changesSince, computeScore, readSnapshot, sameFeatures, snapshotOf } from "./compute";
import { extractFeatures } from "./features";
import { priorModel } from "./prior";
import { DEFAULT_REASON_CATALOGUE } from "./reason-catalogue";
import { toScore } from "./present";
import { predict, priorScorer } from "./scorer";

const asOf = new Date("2026-06-01T00:00:00Z");
const rowWith = (meetings: number) =>
  extractFeatures(
    {
      objectType: "Lead",
      fields: { Title: "Director of IT" },
      activities: Array.from({ length: meetings }, (_, i) => ({ kind: "meeting", occurredAt: new Date(asOf.getTime() - (i + 1) * 86_400_000) })),
      createdAt: new Date("2026-05-01T00:00:00Z"),
    },
    asOf,
  );
const scorer = priorScorer(priorModel());
const source = { crmUpdatedAt: null, activities: 0, lastActivityAt: null };

describe("computeScore and its lineage", () => {
  it("stores points that add up to the score, and suggestions the same model agrees with", () => {
    const row = rowWith(0);
    const computed = computeScore(scorer, row, DEFAULT_REASON_CATALOGUE, {});
    const snapshot = snapshotOf(computed, row, asOf, source);
    expect(Object.values(snapshot.explanation.points).reduce((s, p) => s + p, snapshot.explanation.basePoints)).toBe(computed.score.value);
    expect(snapshot.suggestions.length).toBeGreaterThan(0);
    for (const s of snapshot.suggestions) {
      const changed = { ...row, ...Object.fromEntries(Object.entries(s.changes).map(([k, v]) => [k, v.to])) };
      expect(toScore(predict(scorer, changed)).value - computed.score.value).toBe(s.gain);
    }
    expect(readSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    expect(readSnapshot({ pricing_page_visits_7d: 4 })).toBeNull();
  });

  it("says what changed: the delta, the inputs, and the contributions that moved most", () => {
    const before = computeScore(scorer, rowWith(0), DEFAULT_REASON_CATALOGUE, {});
    const after = computeScore(scorer, rowWith(2), DEFAULT_REASON_CATALOGUE, {});
    const previous = {
      id: "s1", value: before.score.value, band: before.score.band, modelVersionId: "m1", computedAt: asOf,
      snapshot: snapshotOf(before, rowWith(0), asOf, source),
    };
    const changes = changesSince(previous, { value: after.score.value, modelVersionId: "m1", snapshot: snapshotOf(after, rowWith(2), asOf, source) }, "incremental", "record changed in the CRM");
    expect(changes).toMatchObject({ delta: after.score.value - before.score.value, modelChanged: false, previous: { scoreId: "s1" } });
    expect(changes.movers[0]).toMatchObject({ feature: "meetings_30d", contributionFrom: 0, contributionTo: 0.8 });
    expect(changes.inputs.map((i) => i.feature)).toEqual(expect.arrayContaining(["meetings_30d", "touches_90d", "days_since_last_touch"]));
    expect(changesSince(null, { value: 1, modelVersionId: "m1", snapshot: previous.snapshot }, "seed", "x")).toMatchObject({ previous: null, delta: null });
  });

  it("compares feature rows by value, not key order", () => {
    expect(sameFeatures({ a: 1, b: "x" }, { b: "x", a: 1 })).toBe(true);
    expect(sameFeatures({ a: 1, b: null }, { a: 1 })).toBe(true);
    expect(sameFeatures({ a: 1 }, { a: 2 })).toBe(false);
  });
});
