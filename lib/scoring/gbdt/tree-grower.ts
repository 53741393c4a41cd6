/**
 * Grows one regression tree on gradients/hessians, leaf-wise (best-first) like LightGBM and
 * sklearn's HistGradientBoosting: with a leaf budget, splitting the leaf with the largest gain
 * first reaches a lower loss than level-by-level growth, and maxDepth still bounds the depth
 * (which also bounds TreeSHAP's O(leaves · depth²) cost per tree).
 */
import type { BinMapper } from "./binning";
import { type BestSplit, type SplitConstraints, findBestSplit } from "./split-finder";

export interface GrowParams extends SplitConstraints {
  maxLeaves: number;
  maxDepth: number;
  learningRate: number;
}

export interface BuiltLeaf {
  leaf: true;
  value: number;
  cover: number;
}

export interface BuiltSplit {
  leaf: false;
  split: BestSplit;
  left: number;
  right: number;
  cover: number;
}

export type BuiltNode = BuiltLeaf | BuiltSplit;

/** Per-training buffers, allocated once and reused by every tree. */
export interface GrowContext {
  mapper: BinMapper;
  /** Row-major bins, nRows × nFeatures. */
  binned: Uint8Array;
  grad: Float64Array;
  hess: Float64Array;
  /** The sampled rows; partitioned in place so each leaf owns a contiguous range. */
  rows: Int32Array;
  scratch: Int32Array;
  histPool: Float64Array[];
}

interface LeafState {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  c: number;
  hist: Float64Array | null;
  split: BestSplit | null;
}

export function growTree(
  ctx: GrowContext,
  nSampled: number,
  features: Int32Array,
  params: GrowParams,
): BuiltNode[] {
  let g = 0;
  let h = 0;
  for (let i = 0; i < nSampled; i++) {
    const r = ctx.rows[i]!;
    g += ctx.grad[r]!;
    h += ctx.hess[r]!;
  }
  const nodes: BuiltNode[] = [];
  const newLeaf = (start: number, end: number, depth: number, lg: number, lh: number): LeafState => {
    nodes.push({ leaf: true, value: 0, cover: lh });
    return { node: nodes.length - 1, start, end, depth, g: lg, h: lh, c: end - start, hist: null, split: null };
  };
  const root = newLeaf(0, nSampled, 0, g, h);
  const open: LeafState[] = [root];
  if (canSplit(root, params)) {
    root.hist = takeHist(ctx);
    buildHistogram(ctx, root.hist, 0, nSampled, features);
    root.split = findBestSplit(ctx.mapper, root.hist, features, g, h, root.c, params);
  }

  let nLeaves = 1;
  while (nLeaves < params.maxLeaves) {
    const parent = pickBest(open);
    if (parent === null) break;
    const split = parent.split!;
    const mid = partition(ctx, parent, split);
    if (mid - parent.start !== split.leftCount) throw new Error("gbdt: partition disagrees with histogram");
    const left = newLeaf(parent.start, mid, parent.depth + 1, split.leftG, split.leftH);
    const right = newLeaf(mid, parent.end, parent.depth + 1, parent.g - split.leftG, parent.h - split.leftH);
    nodes[parent.node] = { leaf: false, split, left: left.node, right: right.node, cover: 0 };
    open.splice(open.indexOf(parent), 1, left, right);
    nLeaves++;

    const parentHist = parent.hist!;
    parent.hist = null;
    const wantMore = nLeaves < params.maxLeaves;
    const leftOk = wantMore && canSplit(left, params);
    const rightOk = wantMore && canSplit(right, params);
    if (!leftOk && !rightOk) {
      ctx.histPool.push(parentHist);
      continue;
    }
    // Histogram subtraction: scan only the smaller child; the larger is parent − smaller.
    const [small, large] = left.c <= right.c ? [left, right] : [right, left];
    small.hist = takeHist(ctx);
    buildHistogram(ctx, small.hist, small.start, small.end, features);
    subtractInPlace(parentHist, small.hist);
    large.hist = parentHist;
    for (const [child, ok] of [
      [left, leftOk],
      [right, rightOk],
    ] as const) {
      if (ok) child.split = findBestSplit(ctx.mapper, child.hist!, features, child.g, child.h, child.c, params);
      if (child.split === null) {
        ctx.histPool.push(child.hist!);
        child.hist = null;
      }
    }
  }

  for (const leaf of open) {
    if (leaf.hist !== null) ctx.histPool.push(leaf.hist);
    // An empty sample with l2 = 0 would give 0/0; such a leaf simply adds nothing.
    const denominator = leaf.h + params.l2;
    const value = denominator > 0 ? (-params.learningRate * leaf.g) / denominator : 0;
    nodes[leaf.node] = { leaf: true, value, cover: leaf.h };
  }
  // Children always follow their parent, so one reverse pass makes every cover the exact sum of
  // its children's; TreeSHAP's additivity relies on that consistency.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (!node.leaf) node.cover = nodes[node.left]!.cover + nodes[node.right]!.cover;
  }
  return nodes;
}

function canSplit(leaf: LeafState, params: GrowParams): boolean {
  return (
    leaf.depth < params.maxDepth && leaf.c >= 2 * params.minSamplesLeaf && leaf.h >= 2 * params.minHessianLeaf
  );
}

function pickBest(open: LeafState[]): LeafState | null {
  let best: LeafState | null = null;
  for (const leaf of open) {
    if (leaf.split !== null && (best === null || leaf.split.gain > best.split!.gain)) best = leaf;
  }
  return best;
}

function takeHist(ctx: GrowContext): Float64Array {
  return ctx.histPool.pop() ?? new Float64Array(3 * ctx.mapper.totalBins);
}

function buildHistogram(ctx: GrowContext, hist: Float64Array, start: number, end: number, features: Int32Array) {
  hist.fill(0);
  const { binned, grad, hess, rows } = ctx;
  const nF = ctx.mapper.features.length;
  const nSel = features.length;
  const base3 = new Int32Array(nSel);
  for (let k = 0; k < nSel; k++) base3[k] = 3 * ctx.mapper.offsets[features[k]!]!;
  for (let i = start; i < end; i++) {
    const r = rows[i]!;
    const gr = grad[r]!;
    const hr = hess[r]!;
    const rowBase = r * nF;
    for (let k = 0; k < nSel; k++) {
      const p = base3[k]! + 3 * binned[rowBase + features[k]!]!;
      hist[p]! += gr;
      hist[p + 1]! += hr;
      hist[p + 2]! += 1;
    }
  }
}

function subtractInPlace(target: Float64Array, minus: Float64Array): void {
  for (let i = 0; i < target.length; i++) target[i]! -= minus[i]!;
}

/** Stable in-place partition of the leaf's rows; returns the first index of the right child. */
function partition(ctx: GrowContext, leaf: LeafState, split: BestSplit): number {
  const { rows, scratch, binned } = ctx;
  const nF = ctx.mapper.features.length;
  const f = split.feature;
  const missing = ctx.mapper.features[f]!.nBins;
  const mask = split.leftMask;
  const threshold = split.thresholdBin;
  const defaultLeft = split.defaultLeft;
  let write = leaf.start;
  let nRight = 0;
  for (let i = leaf.start; i < leaf.end; i++) {
    const r = rows[i]!;
    const b = binned[r * nF + f]!;
    const goLeft = b === missing ? defaultLeft : mask === null ? b <= threshold : mask[b] === 1;
    if (goLeft) rows[write++] = r;
    else scratch[nRight++] = r;
  }
  rows.set(scratch.subarray(0, nRight), write);
  return write;
}

/** Routes binned rows through a freshly grown tree, adding leaf values into `raw`. */
export function addTreeToRaw(
  nodes: readonly BuiltNode[],
  mapper: BinMapper,
  binned: Uint8Array,
  raw: Float64Array,
): void {
  const nF = mapper.features.length;
  const n = raw.length;
  for (let r = 0; r < n; r++) {
    let node = nodes[0]!;
    while (!node.leaf) {
      const { feature, thresholdBin, leftMask, defaultLeft } = node.split;
      const b = binned[r * nF + feature]!;
      const goLeft =
        b === mapper.features[feature]!.nBins ? defaultLeft : leftMask === null ? b <= thresholdBin : leftMask[b] === 1;
      node = nodes[goLeft ? node.left : node.right]!;
    }
    raw[r]! += node.value;
  }
}
