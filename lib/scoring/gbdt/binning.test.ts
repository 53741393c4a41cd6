import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { binDataset, binOfValue, fitBins } from "./binning";
import { datasetFromColumns } from "./dataset";

const options = { maxBins: 255, maxCategories: 64, minCategoryCount: 1, seed: 1 };

describe("binning", () => {
  it("bin(v) <= b exactly when v <= edges[b] (property), so real thresholds reproduce bin splits", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.integer({ min: 2, max: 255 }),
        (values, maxBins) => {
          const data = datasetFromColumns([{ name: "v", kind: "numeric", values: Float64Array.from(values) }]);
          const feature = fitBins(data, { ...options, maxBins }).features[0]!;
          if (feature.kind !== "numeric") return false;
          const { edges } = feature;
          if (feature.nBins > maxBins) return false;
          for (let i = 1; i < edges.length; i++) if (!(edges[i]! > edges[i - 1]!)) return false;
          return values.every((v) => {
            const bin = binOfValue(edges, v);
            return edges.every((edge, b) => (bin <= b) === (v <= edge));
          });
        },
      ),
      { numRuns: 150, seed: 4 },
    );
  });

  it("gives each distinct value its own bin when there are few, and missing its own bin", () => {
    const data = datasetFromColumns([{ name: "v", kind: "numeric", values: Float64Array.from([3, 1, 2, Number.NaN, 2]) }]);
    const mapper = fitBins(data, options);
    expect(Array.from(binDataset(mapper, data))).toEqual([2, 0, 1, 3, 1]);
    expect(mapper.totalBins).toBe(4);
  });

  it("caps numeric bins by quantiles", () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
    const data = datasetFromColumns([{ name: "v", kind: "numeric", values }]);
    const feature = fitBins(data, { ...options, maxBins: 16 }).features[0]!;
    expect(feature.nBins).toBe(16);
    const counts = new Array<number>(16).fill(0);
    const binned = binDataset(fitBins(data, { ...options, maxBins: 16 }), data);
    for (const b of binned) counts[b]! += 1;
    for (const c of counts) expect(Math.abs(c - 625)).toBeLessThan(20);
  });

  it("keeps frequent categories, folds rare and unseen ones into 'other', and bins missing apart", () => {
    const labels = ["a", "b", "c", "d"];
    const codes = Int32Array.from([0, 0, 0, 1, 1, 2, -1, 3, 3, 3, 3]);
    const data = datasetFromColumns([{ name: "c", kind: "categorical", codes, labels }]);
    const mapper = fitBins(data, { ...options, maxCategories: 2, minCategoryCount: 2 });
    const feature = mapper.features[0]!;
    expect(feature.kind === "categorical" && feature.categories).toEqual(["d", "a"]);
    expect(Array.from(binDataset(mapper, data))).toEqual([1, 1, 1, 2, 2, 2, 3, 0, 0, 0, 0]);
    const other = datasetFromColumns([{ name: "c", kind: "categorical", codes: Int32Array.from([0, 1]), labels: ["zzz", "a"] }]);
    expect(Array.from(binDataset(mapper, other))).toEqual([2, 1]);
  });

  it("rejects out-of-range settings and mismatched columns", () => {
    const data = datasetFromColumns([{ name: "v", kind: "numeric", values: Float64Array.from([1]) }]);
    expect(() => fitBins(data, { ...options, maxBins: 256 })).toThrow(RangeError);
    const mapper = fitBins(data, options);
    const wrong = datasetFromColumns([{ name: "v", kind: "categorical", codes: Int32Array.from([0]), labels: ["x"] }]);
    expect(() => binDataset(mapper, wrong)).toThrow(/categorical/);
  });
});
