/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2018, "Consistent Individualized Feature
 * Attribution for Tree Ensembles", Algorithm 2), ported from the reference implementation in the
 * `shap` package. Node covers (hessian sums) stand in for the background distribution, so
 * base + Σ contributions equals predictRaw for the same row up to floating-point rounding.
 */
import type { Dataset } from "./dataset";
import type { GbdtModel } from "./model";
import { type FlatModel, flatten, modelRow, nextNode, rowMatrix } from "./predict";

export interface ShapValues {
  /** Expected raw output (log-odds) under the training cover distribution. */
  base: number;
  /** One contribution per model feature (model.features order), in log-odds. */
  contributions: Float64Array;
}

const baseCache = new WeakMap<FlatModel, number>();

export function expectedRaw(model: GbdtModel): number {
  const flat = flatten(model);
  let base = baseCache.get(flat);
  if (base === undefined) {
    base = flat.baseScore;
    for (let t = 0; t < flat.roots.length; t++) base += expectedValue(flat, flat.roots[t]!);
    baseCache.set(flat, base);
  }
  return base;
}

function expectedValue(flat: FlatModel, node: number): number {
  if (flat.feature[node]! < 0) return flat.value[node]!;
  const l = flat.left[node]!;
  const r = flat.right[node]!;
  return (flat.cover[l]! * expectedValue(flat, l) + flat.cover[r]! * expectedValue(flat, r)) / flat.cover[node]!;
}

/** SHAP values of one row of `data`. */
export function treeShap(model: GbdtModel, data: Dataset, row: number): ShapValues {
  const flat = flatten(model);
  const contributions = new Float64Array(flat.nFeatures);
  const explainer = new PathExplainer(flat);
  explainer.explain(modelRow(model, data, row), contributions);
  return { base: expectedRaw(model), contributions };
}

/** SHAP values of every row; contributions are row-major (nRows × nFeatures). */
export function treeShapBatch(model: GbdtModel, data: Dataset): { base: number; contributions: Float64Array } {
  const flat = flatten(model);
  const nF = flat.nFeatures;
  const X = rowMatrix(model, data);
  const contributions = new Float64Array(data.nRows * nF);
  const explainer = new PathExplainer(flat);
  for (let r = 0; r < data.nRows; r++) {
    explainer.explain(X.subarray(r * nF, (r + 1) * nF), contributions.subarray(r * nF, (r + 1) * nF));
  }
  return { base: expectedRaw(model), contributions };
}

/**
 * Walks every tree once per row, keeping the "unique path" of features seen so far with the
 * fraction of background (zero) and foreground (one) paths flowing through each, and the
 * permutation weights that turn those fractions into Shapley values at the leaves.
 */
class PathExplainer {
  private readonly feature: Int32Array;
  private readonly zero: Float64Array;
  private readonly one: Float64Array;
  private readonly weight: Float64Array;
  private x: Float64Array = new Float64Array(0);
  private phi: Float64Array = new Float64Array(0);

  constructor(private readonly flat: FlatModel) {
    // Level u of the recursion stores u + 1 elements after its parent's block.
    const d = flat.maxDepth + 3;
    const size = (d * (d + 1)) / 2 + 1;
    this.feature = new Int32Array(size);
    this.zero = new Float64Array(size);
    this.one = new Float64Array(size);
    this.weight = new Float64Array(size);
  }

  explain(x: Float64Array, phi: Float64Array): void {
    this.x = x;
    this.phi = phi;
    for (let t = 0; t < this.flat.roots.length; t++) this.recurse(this.flat.roots[t]!, 0, 0, 1, 1, -1);
  }

  private recurse(node: number, depth: number, parentAt: number, zero: number, one: number, feature: number) {
    const flat = this.flat;
    const at = parentAt + depth + 1;
    this.feature.copyWithin(at, parentAt, parentAt + depth + 1);
    this.zero.copyWithin(at, parentAt, parentAt + depth + 1);
    this.one.copyWithin(at, parentAt, parentAt + depth + 1);
    this.weight.copyWithin(at, parentAt, parentAt + depth + 1);
    this.extend(at, depth, zero, one, feature);

    const split = flat.feature[node]!;
    if (split < 0) {
      const value = flat.value[node]!;
      for (let i = 1; i <= depth; i++) {
        const w = this.unwoundSum(at, depth, i);
        this.phi[this.feature[at + i]!]! += w * (this.one[at + i]! - this.zero[at + i]!) * value;
      }
      return;
    }
    const hot = nextNode(flat, node, this.x[split]!);
    const cold = hot === flat.left[node] ? flat.right[node]! : flat.left[node]!;
    const cover = flat.cover[node]!;
    let incomingZero = 1;
    let incomingOne = 1;
    // A feature split on again further down must appear once on the path: undo its earlier
    // entry and carry its fractions into this split instead.
    let k = 0;
    while (k <= depth && this.feature[at + k] !== split) k++;
    let uniqueDepth = depth;
    if (k <= depth) {
      incomingZero = this.zero[at + k]!;
      incomingOne = this.one[at + k]!;
      this.unwind(at, depth, k);
      uniqueDepth -= 1;
    }
    this.recurse(hot, uniqueDepth + 1, at, (flat.cover[hot]! / cover) * incomingZero, incomingOne, split);
    this.recurse(cold, uniqueDepth + 1, at, (flat.cover[cold]! / cover) * incomingZero, 0, split);
  }

  private extend(at: number, depth: number, zero: number, one: number, feature: number): void {
    const w = this.weight;
    this.feature[at + depth] = feature;
    this.zero[at + depth] = zero;
    this.one[at + depth] = one;
    w[at + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      w[at + i + 1]! += (one * w[at + i]! * (i + 1)) / (depth + 1);
      w[at + i] = (zero * w[at + i]! * (depth - i)) / (depth + 1);
    }
  }

  private unwind(at: number, depth: number, index: number): void {
    const w = this.weight;
    const one = this.one[at + index]!;
    const zero = this.zero[at + index]!;
    let nextOne = w[at + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = w[at + i]!;
        w[at + i] = (nextOne * (depth + 1)) / ((i + 1) * one);
        nextOne = tmp - (w[at + i]! * zero * (depth - i)) / (depth + 1);
      } else {
        w[at + i] = (w[at + i]! * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = index; i < depth; i++) {
      this.feature[at + i] = this.feature[at + i + 1]!;
      this.zero[at + i] = this.zero[at + i + 1]!;
      this.one[at + i] = this.one[at + i + 1]!;
    }
  }

  private unwoundSum(at: number, depth: number, index: number): number {
    const w = this.weight;
    const one = this.one[at + index]!;
    const zero = this.zero[at + index]!;
    let nextOne = w[at + depth]!;
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = (nextOne * (depth + 1)) / ((i + 1) * one);
        total += tmp;
        nextOne = w[at + i]! - tmp * zero * ((depth - i) / (depth + 1));
      } else if (zero !== 0) {
        total += w[at + i]! / zero / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }
}
