import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FeatureRow } from "./features";
import { sigmoid, type ModelExplanation } from "./model";
import { SCORE_BANDS, meaning, reasonsFor, toPoints, toScore } from "./present";

describe("toScore", () => {
  it("rounds the probability to 0–100 and bands it with SCORE_BANDS", () => {
    expect(toScore(0.624)).toEqual({ value: 62, band: "A", bandLabel: "Hot" });
    expect(toScore(0.595)).toEqual({ value: 60, band: "A", bandLabel: "Hot" });
    expect(toScore(0.594)).toMatchObject({ value: 59, band: "B", bandLabel: "Warm" });
    expect(toScore(0.35)).toMatchObject({ band: "B" });
    expect(toScore(0.349)).toMatchObject({ value: 35, band: "B" });
    expect(toScore(0.344)).toMatchObject({ value: 34, band: "C", bandLabel: "Cool" });
    expect(toScore(0.15)).toMatchObject({ band: "C" });
    expect(toScore(0.14)).toMatchObject({ band: "D", bandLabel: "Cold" });
    expect(toScore(0)).toMatchObject({ value: 0, band: "D" });
    expect(toScore(1)).toMatchObject({ value: 100, band: "A" });
    expect(SCORE_BANDS.map((b) => b.min)).toEqual([60, 35, 15, 0]);
  });

  it("refuses values that are not probabilities", () => {
    for (const bad of [NaN, -0.01, 1.01, Infinity]) expect(() => toScore(bad)).toThrow(RangeError);
  });
});

describe("meaning", () => {
  it("states the score as a frequency over the window", () => {
    expect(meaning(62, 90, "converted")).toBe("About 62 in 100 leads like this one converted within 90 days.");
    expect(meaning(1, 30, "closed won", "deals")).toBe("About 1 in 100 deals like this one closed won within 30 days.");
    expect(meaning(0, 90, "converted")).toBe("Fewer than 1 in 100 leads like this one converted within 90 days.");
    expect(meaning(100, 1, "converted")).toBe("More than 99 in 100 leads like this one converted within 1 day.");
  });
});

const sum = (points: Record<string, number>) => Object.values(points).reduce((s, p) => s + p, 0);

const explanation = fc
  .record({
    base: fc.double({ min: -6, max: 6, noNaN: true }),
    contributions: fc.dictionary(
      fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
      fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constant(0), fc.double({ min: -1e-9, max: 1e-9, noNaN: true })),
    ),
  })
  .map(({ base, contributions }): ModelExplanation => ({
    base,
    contributions,
    raw: Object.values(contributions).reduce((s, c) => s + c, base),
  }));

describe("toPoints", () => {
  it("base points + Σ points === score, exactly, for the model's own probability", () => {
    fc.assert(
      fc.property(explanation, (e) => {
        const p = sigmoid(e.raw);
        const { value, basePoints, points } = toPoints(e, p);
        expect(value).toBe(toScore(p).value);
        expect(basePoints + sum(points)).toBe(value);
        for (const v of Object.values(points)) expect(Number.isInteger(v)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the exact sum even when the probability is calibrated away from sigmoid(raw)", () => {
    fc.assert(
      fc.property(explanation, fc.double({ min: 0, max: 1, noNaN: true }), (e, p) => {
        const { value, basePoints, points } = toPoints(e, p);
        expect(basePoints + sum(points)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it("never shows a feature pushing the other way than its contribution", () => {
    fc.assert(
      fc.property(explanation, (e) => {
        const { points } = toPoints(e, sigmoid(e.raw));
        for (const [f, c] of Object.entries(e.contributions)) {
          const p = points[f] ?? 0;
          if (p !== 0) expect(Math.sign(p)).toBe(Math.sign(c));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("splits by size: a bigger contribution never gets fewer points than a smaller one the same way", () => {
    const e: ModelExplanation = { base: -1, contributions: { big: 1.2, small: 0.4, down: -0.3 }, raw: -1 + 1.3 };
    const { points, basePoints, value } = toPoints(e, sigmoid(e.raw));
    expect(basePoints).toBe(27);
    expect(value).toBe(57);
    expect(points.big).toBeGreaterThan(points.small as number);
    expect(points.down).toBeLessThan(0);
  });

  it("handles contributions that cancel out", () => {
    const e: ModelExplanation = { base: 0, contributions: { up: 3, down: -3 }, raw: 0 };
    const { points, basePoints, value } = toPoints(e, 0.5);
    expect(value).toBe(50);
    expect(basePoints).toBe(50);
    expect(points.up).toBe(-(points.down as number));
    expect(Math.abs(points.up as number)).toBeLessThanOrEqual(25 * 3);
  });

  it("with nothing to attribute, the base is the score", () => {
    expect(toPoints({ base: -1, raw: -1, contributions: { a: 0 } }, 0.4)).toEqual({ value: 40, basePoints: 40, points: { a: 0 } });
  });
});

describe("reasonsFor", () => {
  const row: FeatureRow = {
    meetings_30d: 2,
    pricing_page_visits_7d: 0,
    days_since_last_touch: 23,
    title_seniority: "vp",
    employees: 40,
    industry: "software",
    has_phone: 1,
    lead_source: "purchased_list",
    free_email: 0,
    webinars_90d: 0,
  };
  const contributions = {
    meetings_30d: 0.9,
    title_seniority: 0.5,
    industry: 0.2,
    has_phone: 0.01,
    free_email: 0.3,
    webinars_90d: 0.05,
    days_since_last_touch: -0.7,
    pricing_page_visits_7d: -0.4,
    employees: -0.2,
    lead_source: -0.1,
  };
  const points = {
    meetings_30d: 12,
    title_seniority: 7,
    industry: 3,
    has_phone: 0,
    free_email: 4,
    webinars_90d: 1,
    days_since_last_touch: -9,
    pricing_page_visits_7d: -5,
    employees: -2,
    lead_source: -1,
  };

  it("lists every feature worth a point, strongest first, in words, so the points add up", () => {
    const r = reasonsFor(row, contributions, points, undefined, { context: { title: "VP Engineering" } });
    expect(r.positive.map((x) => x.feature)).toEqual(["meetings_30d", "title_seniority", "free_email", "industry", "webinars_90d"]);
    expect(r.negative.map((x) => x.feature)).toEqual(["days_since_last_touch", "pricing_page_visits_7d", "employees", "lead_source"]);
    const listed = [...r.positive, ...r.negative].reduce((s, x) => s + x.points, 0);
    expect(listed).toBe(sum(points));
    expect(r.positive.map((x) => x.text)).toEqual([
      "2 meetings in the last 30 days",
      "Title is VP-level (VP Engineering)",
      "Uses a company email address",
      "Industry (software) converts well",
      "No webinars in the last 90 days",
    ]);
    expect(r.negative.map((x) => x.text)).toEqual([
      "No touch in 23 days",
      "Has not visited the pricing page in the last 7 days",
      "Company size is a weaker fit (40 employees)",
      "Came in through a purchased list, a weaker source",
    ]);
    expect(r.negative[0]).toMatchObject({ direction: "NEGATIVE", points: -9, contribution: -0.7, actionable: true });
    expect(r.positive[1]).toMatchObject({ direction: "POSITIVE", actionable: false });
  });

  it("words a feature by the direction of its points, which the rep sees", () => {
    const r = reasonsFor(row, { meetings_30d: 0.2 }, { meetings_30d: -1 });
    expect(r.positive).toEqual([]);
    expect(r.negative).toEqual([expect.objectContaining({ feature: "meetings_30d", direction: "NEGATIVE", points: -1 })]);
  });

  it("omits the optional title part when the record has no title text", () => {
    const r = reasonsFor(row, { title_seniority: 0.5 }, { title_seniority: 6 });
    expect(r.positive[0]?.text).toBe("Title is VP-level");
  });
});
