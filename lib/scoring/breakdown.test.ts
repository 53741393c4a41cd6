import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { breakdown, listedPoints, TAIL_MAX_POINTS, TOP_REASONS, type PointsItem } from "./breakdown";

const item = (feature: string, points: number): PointsItem => ({ feature, text: feature, points });

describe("breakdown", () => {
  it("puts the strongest reasons either way up front, lists the rest, and groups the small ones", () => {
    const b = breakdown(94, 17, [
      item("a", 30), item("b", -12), item("c", 25), item("d", 20), item("e", 9), item("f", 2), item("g", -1), item("h", 1), item("i", 3),
    ]);
    expect(b.top.map((r) => r.feature)).toEqual(["a", "c", "d"]);
    expect(b.more.map((r) => r.feature)).toEqual(["b", "e", "i"]);
    expect(b.tail).toEqual({ count: 3, points: 2, items: [item("f", 2), item("g", -1), item("h", 1)] });
    expect(b.unitemised).toBe(0);
    expect(listedPoints(b)).toBe(94);
  });

  it("lists a lone small factor on its own rather than as a group of one", () => {
    const b = breakdown(40, 30, [item("a", 4), item("b", 3), item("c", 2), item("d", 1)]);
    expect(b.tail).toBeNull();
    expect(b.more).toEqual([item("d", 1)]);
  });

  it("has nothing to list when no factor is worth a point", () => {
    const b = breakdown(17, 17, [item("a", 0)]);
    expect(b).toMatchObject({ top: [], more: [], tail: null, unitemised: 0 });
  });

  it("names the points an ingested score's reasons leave out instead of hiding them", () => {
    const b = breakdown(83, 60, [item("intent", 20), item("new", -6)]);
    expect(b.unitemised).toBe(9);
    expect(listedPoints(b) + b.unitemised).toBe(83);
  });

  it("accounts for every point: typical + top + more + tail + unitemised = value, tail.points = Σ tail", () => {
    const reasons = fc.uniqueArray(fc.record({ feature: fc.stringMatching(/^[a-z]{1,6}$/), points: fc.integer({ min: -40, max: 40 }) }), {
      selector: (r) => r.feature,
      maxLength: 18,
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), reasons, (value, typical, rs) => {
        const b = breakdown(value, typical, rs.map((r) => item(r.feature, r.points)));
        const sum = (xs: PointsItem[]) => xs.reduce((s, x) => s + x.points, 0);
        expect(typical + sum(b.top) + sum(b.more) + (b.tail?.points ?? 0) + b.unitemised).toBe(value);
        expect(b.tail?.points ?? 0).toBe(sum(b.tail?.items ?? []));
        expect(b.top.length).toBeLessThanOrEqual(TOP_REASONS);
        expect([...b.top, ...b.more, ...(b.tail?.items ?? [])]).toHaveLength(rs.filter((r) => r.points !== 0).length);
        for (const r of b.tail?.items ?? []) expect(Math.abs(r.points)).toBeLessThanOrEqual(TAIL_MAX_POINTS);
        if (b.tail) expect(b.tail.count).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: 1000 },
    );
  });
});
