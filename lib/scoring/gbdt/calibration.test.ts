import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calibrate, calibrateAll, fitIsotonic, fitPlatt } from "./calibration";
import { ece, logLoss } from "./metrics";
import { createRng } from "./prng";

/** True probability σ(z), but the "model" reports raw = 3z + 1: overconfident and biased. */
function miscalibrated(n: number, seed: number) {
  const rng = createRng(seed);
  const raw = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const z = rng() * 6 - 4;
    raw[i] = 3 * z + 1;
    y[i] = rng() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { raw, y };
}

const naive = (raw: Float64Array) => raw.map((r) => 1 / (1 + Math.exp(-r)));

describe("calibration", () => {
  it("isotonic is monotone non-decreasing (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -20, max: 20, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 200 }),
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 2, maxLength: 50 }),
        (points, probes) => {
          const c = fitIsotonic(
            Float64Array.from(points, (p) => p[0]),
            Uint8Array.from(points, (p) => (p[1] ? 1 : 0)),
          );
          const sorted = [...probes].sort((a, b) => a - b);
          const out = sorted.map((r) => calibrate(c, r));
          return out.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= out[i - 1]!));
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it("isotonic and Platt reduce ECE and log-loss on a miscalibrated score", () => {
    const fit = miscalibrated(4000, 1);
    const test = miscalibrated(4000, 2);
    const before = naive(test.raw);
    for (const calibrator of [fitIsotonic(fit.raw, fit.y), fitPlatt(fit.raw, fit.y)]) {
      const after = calibrateAll(calibrator, test.raw);
      expect(ece(after, test.y)).toBeLessThan(ece(before, test.y) / 2);
      expect(logLoss(after, test.y)).toBeLessThan(logLoss(before, test.y));
    }
  });

  it("Platt recovers the inverse of a known distortion", () => {
    const { raw, y } = miscalibrated(20_000, 3);
    const c = fitPlatt(raw, y);
    if (c.kind !== "platt") throw new Error("expected platt");
    expect(c.a).toBeCloseTo(1 / 3, 1);
    expect(c.b).toBeCloseTo(-1 / 3, 1);
  });

  it("isotonic pools violators into their weighted mean and clamps outside the knots", () => {
    const c = fitIsotonic(Float64Array.from([1, 2, 3, 4]), Uint8Array.from([0, 1, 0, 1]));
    expect(c).toEqual({ kind: "isotonic", x: [1, 2, 3, 4], p: [0, 0.5, 0.5, 1] });
    expect(calibrate(c, 2.5)).toBe(0.5);
    expect(calibrate(c, 3.5)).toBeCloseTo(0.75, 12);
    expect(calibrate(c, -100)).toBe(1e-4);
    expect(calibrate(c, 100)).toBe(1 - 1e-4);
  });
});
