import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Dataset } from "./dataset";
import type { GbdtModel, TreeNode } from "./model";
import { modelRow, predictRaw } from "./predict";
import { mixedRule, synthetic } from "@/test/support/gbdt";
import { trainGbdt } from "./train";
import { treeShap, treeShapBatch } from "./tree-shap";

function maxAdditivityError(model: GbdtModel, data: Dataset, rows: Iterable<number>): number {
  const raw = predictRaw(model, data);
  let worst = 0;
  for (const r of rows) {
    const { base, contributions } = treeShap(model, data, r);
    const total = contributions.reduce((s, c) => s + c, base);
    worst = Math.max(worst, Math.abs(total - raw[r]!));
  }
  return worst;
}

function goesLeft(node: Exclude<TreeNode, { kind: "leaf" }>, x: number): boolean {
  if (Number.isNaN(x)) return node.defaultLeft;
  return node.kind === "numeric" ? x <= node.threshold : node.categories.includes(x);
}

/** The path-dependent value function TreeSHAP explains: features outside S are averaged by cover. */
function valueOf(model: GbdtModel, x: Float64Array, known: Set<number>): number {
  let total = model.baseScore;
  for (const tree of model.trees) {
    const visit = (i: number): number => {
      const node = tree.nodes[i]!;
      if (node.kind === "leaf") return node.value;
      if (known.has(node.feature)) return visit(goesLeft(node, x[node.feature]!) ? node.left : node.right);
      const l = tree.nodes[node.left]!;
      const r = tree.nodes[node.right]!;
      return (l.cover * visit(node.left) + r.cover * visit(node.right)) / node.cover;
    };
    total += visit(0);
  }
  return total;
}

/** Shapley values by enumerating every coalition: exponential, fine for five features. */
function bruteForceShap(model: GbdtModel, x: Float64Array): { base: number; phi: number[] } {
  const m = model.features.length;
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Array<number>(m).fill(0);
  for (let mask = 0; mask < 1 << m; mask++) {
    const known = new Set<number>();
    for (let f = 0; f < m; f++) if (mask & (1 << f)) known.add(f);
    const without = valueOf(model, x, known);
    for (let i = 0; i < m; i++) {
      if (known.has(i)) continue;
      const weight = (factorial(known.size) * factorial(m - known.size - 1)) / factorial(m);
      phi[i]! += weight * (valueOf(model, x, new Set([...known, i])) - without);
    }
  }
  return { base: valueOf(model, x, new Set()), phi };
}

describe("treeShap", () => {
  it("is additive to 1e-6 on many rows with missing values and categoricals", () => {
    const { data, y } = synthetic(1500, 21, mixedRule);
    const model = trainGbdt(data, y, null, { maxRounds: 40, learningRate: 0.3, maxDepth: 10, maxLeaves: 48, minSamplesLeaf: 5 });
    expect(maxAdditivityError(model, data, Array.from({ length: 400 }, (_, i) => i * 3))).toBeLessThan(1e-6);
  });

  it("equals the exact Shapley values of the path-dependent value function", () => {
    const { data, y } = synthetic(600, 22, mixedRule);
    const model = trainGbdt(data, y, null, { maxRounds: 8, learningRate: 0.5, maxDepth: 5, maxLeaves: 12, minSamplesLeaf: 5, subsample: 0.8 });
    for (let r = 0; r < 25; r++) {
      const { base, contributions } = treeShap(model, data, r);
      const expected = bruteForceShap(model, modelRow(model, data, r));
      expect(base).toBeCloseTo(expected.base, 10);
      expected.phi.forEach((p, f) => expect(contributions[f]).toBeCloseTo(p, 10));
    }
  });

  it("stays additive across random training configurations (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 2, max: 40 }),
        fc.double({ min: 0.3, max: 1, noNaN: true }),
        (seed, maxDepth, maxLeaves, colsample) => {
          const { data, y } = synthetic(300, seed, mixedRule, 0.1);
          const model = trainGbdt(data, y, null, { seed, maxDepth, maxLeaves, colsample, subsample: 0.9, maxRounds: 6, minSamplesLeaf: 3 });
          return maxAdditivityError(model, data, Array.from({ length: 30 }, (_, i) => i * 10)) < 1e-6;
        },
      ),
      { numRuns: 15, seed: 7 },
    );
  });

  it("gives unused features zero and matches the batch variant", () => {
    const { data, y } = synthetic(500, 23, (r) => r.x0 > 0);
    const model = trainGbdt(data, y, null, { maxRounds: 3, maxDepth: 1, colsample: 1 });
    const used = new Set(model.trees.flatMap((t) => t.nodes.flatMap((n) => (n.kind === "leaf" ? [] : [n.feature]))));
    const batch = treeShapBatch(model, data);
    const nF = model.features.length;
    for (let r = 0; r < 20; r++) {
      const { base, contributions } = treeShap(model, data, r);
      expect(batch.base).toBe(base);
      expect(Array.from(batch.contributions.subarray(r * nF, (r + 1) * nF))).toEqual(Array.from(contributions));
      contributions.forEach((c, f) => {
        if (!used.has(f)) expect(c).toBe(0);
      });
    }
  });

  it("rejects a row outside the data", () => {
    const { data, y } = synthetic(100, 24, mixedRule);
    const model = trainGbdt(data, y, null, { maxRounds: 2 });
    expect(() => treeShap(model, data, 100)).toThrow(RangeError);
  });
});
