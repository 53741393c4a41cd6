import { describe, expect, it } from "vitest";
import { auc, brier, logLoss } from "./metrics";

describe("auc", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one, 0.5 for all ties", () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
    expect(auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it("counts tied pairs as half", () => {
    // Pairs (pos, neg): (0.8,0.3) win, (0.8,0.8) tie, (0.4,0.3) win, (0.4,0.8) loss → 2.5 / 4.
    expect(auc([1, 1, 0, 0], [0.8, 0.4, 0.3, 0.8])).toBeCloseTo(0.625, 12);
  });

  it("is undefined with a single class", () => {
    expect(auc([1, 1], [0.2, 0.3])).toBeNaN();
    expect(() => auc([1], [0.1, 0.2])).toThrow();
  });
});

describe("logLoss and brier", () => {
  it("match hand computations and stay finite on confident misses", () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo((-Math.log(0.8) - Math.log(0.6)) / 2, 12);
    expect(Number.isFinite(logLoss([1], [0]))).toBe(true);
    expect(brier([1, 0], [0.8, 0.4])).toBeCloseTo((0.04 + 0.16) / 2, 12);
  });
});
