import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FeatureRow, FeatureSpec } from "./features";
import { OTHER_LEVEL, explainLogistic, fitLogistic, predictProbability } from "./logistic";
import { auc } from "./metrics";
import { sigmoid } from "./model";

const schema: FeatureSpec[] = [
  { name: "meetings", kind: "numeric", label: "Meetings", actionable: true, transform: "log1p" },
  { name: "size", kind: "numeric", label: "Size", actionable: false },
  { name: "constant", kind: "numeric", label: "Always 3", actionable: false },
  { name: "never", kind: "numeric", label: "Never set", actionable: false },
  { name: "tier", kind: "categorical", label: "Tier", actionable: false },
];

// A synthetic problem with a known answer: meetings and tier "gold" help, size is noise.
function synthetic(n: number, seed: number): { rows: FeatureRow[]; y: number[] } {
  let s = seed;
  const rand = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const rows: FeatureRow[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const meetings = Math.floor(rand() * 5);
    const tier = i % 150 === 7 ? "rare" : rand() < 0.3 ? "gold" : rand() < 0.5 ? "silver" : "bronze";
    const size = rand() < 0.2 ? null : Math.round(rand() * 1000);
    const z = -1.5 + 1.2 * Math.log1p(meetings) + (tier === "gold" ? 1 : 0);
    rows.push({ meetings, size, constant: 3, never: null, tier });
    y.push(rand() < sigmoid(z) ? 1 : 0);
  }
  return { rows, y };
}

const { rows, y } = synthetic(600, 11);
const model = fitLogistic(rows, y, { schema, lambda: 1 });

describe("fitLogistic", () => {
  it("recovers the direction of a known signal", () => {
    const weight = (feature: string, level?: string) =>
      model.columns.find((c) => c.feature === feature && c.kind !== "missing" && c.level === level)?.weight ?? NaN;
    expect(weight("meetings")).toBeGreaterThan(0.5);
    expect(weight("tier", "gold")).toBeGreaterThan(weight("tier", "silver"));
    expect(Math.abs(weight("size"))).toBeLessThan(0.3);
    const test = synthetic(400, 99);
    expect(auc(test.y, test.rows.map((r) => predictProbability(model, r)))).toBeGreaterThan(0.65);
  });

  it("encodes missing numerics with an indicator and pools rare levels", () => {
    expect(model.columns.some((c) => c.feature === "size" && c.kind === "missing")).toBe(true);
    expect(model.categorical.tier?.levels).toContain(OTHER_LEVEL);
    expect(model.categorical.tier?.levels).not.toContain("rare");
    // A feature that never varies or never appears has no columns at all.
    expect(model.columns.some((c) => c.feature === "constant" || c.feature === "never")).toBe(false);
  });

  it("is deterministic and plain JSON", () => {
    const again = fitLogistic(rows, y, { schema, lambda: 1 });
    expect(again).toEqual(model);
    const roundTrip = JSON.parse(JSON.stringify(model));
    expect(roundTrip).toEqual(model);
    expect(predictProbability(roundTrip, rows[0] as FeatureRow)).toBe(predictProbability(model, rows[0] as FeatureRow));
  });

  it("stronger regularisation shrinks the weights", () => {
    const strong = fitLogistic(rows, y, { schema, lambda: 200 });
    const norm = (m: typeof model) => m.columns.reduce((s, c) => s + c.weight ** 2, 0);
    expect(norm(strong)).toBeLessThan(norm(model));
  });

  it("rejects mismatched or empty input", () => {
    expect(() => fitLogistic(rows, y.slice(1), { schema })).toThrow();
    expect(() => fitLogistic([], [], { schema })).toThrow();
  });
});

describe("explainLogistic", () => {
  const arbitraryRow = fc.record({
    meetings: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 50 })),
    size: fc.oneof(fc.constant(null), fc.double({ min: -1e6, max: 1e7, noNaN: true })),
    constant: fc.oneof(fc.constant(null), fc.integer()),
    never: fc.oneof(fc.constant(null), fc.integer()),
    tier: fc.oneof(fc.constant(null), fc.constantFrom("gold", "silver", "bronze", "rare", "brand-new")),
  });

  it("is exactly additive: base + Σ contributions === raw, and sigmoid(raw) is the probability", () => {
    fc.assert(
      fc.property(arbitraryRow, (row) => {
        const e = explainLogistic(model, row);
        const sum = Object.values(e.contributions).reduce((s, c) => s + c, e.base);
        expect(Math.abs(sum - e.raw)).toBeLessThan(1e-9);
        expect(predictProbability(model, row)).toBe(sigmoid(e.raw));
        expect(Object.keys(e.contributions).sort()).toEqual(["meetings", "size", "tier"]);
      }),
      { numRuns: 300 },
    );
  });

  it("groups one-hot columns back into their feature and matches the weights", () => {
    const e = explainLogistic(model, { meetings: 2, size: 10, tier: "gold" });
    const tierColumns = model.columns.filter((c) => c.feature === "tier");
    const expected = tierColumns.reduce((s, c) => s + c.weight * ((c.level === "gold" ? 1 : 0) - c.mean), 0);
    expect(e.contributions.tier).toBeCloseTo(expected, 12);
  });

  it("gives the average record contributions near zero", () => {
    const e = explainLogistic(model, { meetings: null, size: null, tier: null });
    expect(e.base).toBe(model.intercept);
    expect(Number.isFinite(e.raw)).toBe(true);
  });

  it("clamps values beyond the training range instead of extrapolating", () => {
    const big = predictProbability(model, { meetings: 4, size: 10, tier: "gold" });
    const huge = predictProbability(model, { meetings: 4000, size: 10, tier: "gold" });
    expect(huge).toBe(big);
  });
});
