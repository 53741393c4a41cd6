import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stratifiedSplit, timeSplit, timeSplitAt } from "./data-split";

const covers = (parts: Int32Array[], n: number) => {
  const all = parts.flatMap((p) => Array.from(p)).sort((a, b) => a - b);
  return all.length === n && all.every((v, i) => v === i);
};

describe("timeSplit", () => {
  it("puts every training row before every validation row before every test row (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 200 }), (ts) => {
        const { train, valid, test } = timeSplit(ts, { validFraction: 0.15, testFraction: 0.2 });
        const max = (p: Int32Array) => Math.max(...Array.from(p, (i) => ts[i]!));
        const min = (p: Int32Array) => Math.min(...Array.from(p, (i) => ts[i]!));
        const ordered =
          (train.length === 0 || valid.length === 0 || max(train) < min(valid)) &&
          (valid.length === 0 || test.length === 0 || max(valid) < min(test)) &&
          (train.length === 0 || test.length === 0 || max(train) < min(test));
        return ordered && covers([train, valid, test], ts.length);
      }),
      { numRuns: 200, seed: 9 },
    );
  });

  it("uses the requested fractions when timestamps are distinct", () => {
    const ts = Array.from({ length: 100 }, (_, i) => 1_700_000_000_000 - i * 1000);
    const { train, valid, test } = timeSplit(ts, { validFraction: 0.1, testFraction: 0.2 });
    expect([train.length, valid.length, test.length]).toEqual([70, 10, 20]);
    expect(Array.from(test)).toEqual(Array.from({ length: 20 }, (_, i) => 19 - i));
  });

  it("splits at explicit instants and rejects bad input", () => {
    const { train, valid, test } = timeSplitAt([5, 1, 10, 7, 3], { validFrom: 4, testFrom: 8 });
    expect([Array.from(train), Array.from(valid), Array.from(test)]).toEqual([[1, 4], [0, 3], [2]]);
    expect(() => timeSplit([1, Number.NaN], { validFraction: 0.1, testFraction: 0.1 })).toThrow(RangeError);
    expect(() => timeSplit([1, 2], { validFraction: 0.5, testFraction: 0.5 })).toThrow(RangeError);
  });
});

describe("stratifiedSplit", () => {
  it("keeps the class balance, covers all rows once, and is seeded", () => {
    const y = Uint8Array.from({ length: 1000 }, (_, i) => (i % 9 === 0 ? 1 : 0));
    const a = stratifiedSplit(y, 0.25, 42);
    const b = stratifiedSplit(y, 0.25, 42);
    const c = stratifiedSplit(y, 0.25, 43);
    expect(covers([a.train, a.test], y.length)).toBe(true);
    expect(Array.from(b.test)).toEqual(Array.from(a.test));
    expect(Array.from(c.test)).not.toEqual(Array.from(a.test));
    const positives = (rows: Int32Array) => Array.from(rows).filter((i) => y[i] === 1).length;
    expect(positives(a.test)).toBe(Math.round(0.25 * 112));
    expect(a.test.length).toBe(250);
  });
});
