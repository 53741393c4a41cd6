import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auc, ece, liftAt, logLoss } from "./metrics";

/** AUC as the share of (positive, negative) pairs ordered correctly, ties counting half. */
function pairwiseAuc(scores: number[], y: number[]): number {
  let good = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = 0; j < scores.length; j++) {
      if (y[i] !== 1 || y[j] !== 0) continue;
      pairs++;
      good += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return good / pairs;
}

describe("metrics", () => {
  it("auc equals the pairwise definition, ties included (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 60 }), (rows) => {
        const y = rows.map((r) => (r[1] ? 1 : 0));
        fc.pre(y.includes(0) && y.includes(1));
        const scores = rows.map((r) => r[0]);
        return Math.abs(auc(scores, Uint8Array.from(y)) - pairwiseAuc(scores, y)) < 1e-12;
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it("auc is NaN with a single class", () => {
    expect(auc([0.1, 0.2], Uint8Array.from([1, 1]))).toBeNaN();
  });

  it("logLoss matches hand-computed values and stays finite at 0/1", () => {
    expect(logLoss([0.8, 0.3], Uint8Array.from([1, 0]))).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    expect(Number.isFinite(logLoss([0, 1], Uint8Array.from([1, 0])))).toBe(true);
  });

  it("ece weighs each bin's gap by its share of rows", () => {
    // Bin 0.1–0.2: p̄ = 0.15, rate 0.5 → gap 0.35 on half the rows; bin 0.9–1.0: p̄ = 0.95, rate 1 → 0.05.
    const prob = [0.12, 0.18, 0.95, 0.95];
    expect(ece(prob, Uint8Array.from([0, 1, 1, 1]))).toBeCloseTo(0.5 * 0.35 + 0.5 * 0.05, 12);
    expect(ece([1, 1], Uint8Array.from([1, 1]))).toBe(0);
  });

  it("liftAt counts rows tied at the cut-off fractionally", () => {
    const y = Uint8Array.from([1, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(liftAt([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], y, 0.1)).toBe(5);
    // Two rows tie for the top slot: half a positive in a band of one row → rate 0.5 over 0.2.
    expect(liftAt([9, 9, 7, 6, 5, 4, 3, 2, 1, 0], y, 0.1)).toBeCloseTo(2.5, 12);
    expect(liftAt([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], y, 0.3)).toBeCloseTo(1, 12);
  });
});
