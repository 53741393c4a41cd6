/**
 * Inference on a flattened copy of the model: all trees' nodes live in parallel typed arrays, so
 * scoring walks contiguous memory instead of chasing JSON objects.
 */
import { categoryCodeMap, findColumn } from "./binning";
import type { Dataset } from "./dataset";
import type { GbdtModel } from "./model";

export interface FlatModel {
  nFeatures: number;
  baseScore: number;
  roots: Int32Array;
  /** -1 marks a leaf. */
  feature: Int32Array;
  threshold: Float64Array;
  /** Leaf value (0 for split nodes). */
  value: Float64Array;
  left: Int32Array;
  right: Int32Array;
  defaultLeft: Uint8Array;
  /** Word offset of a categorical split's left-set bitset in `bits`; -1 for numeric splits. */
  catStart: Int32Array;
  bits: Uint32Array;
  cover: Float64Array;
  /** Longest root-to-leaf path (in splits) over all trees; sizes TreeSHAP's buffers. */
  maxDepth: number;
}

// Models are treated as immutable once trained or loaded, so the flat copy can be cached.
const flatCache = new WeakMap<GbdtModel, FlatModel>();

export function flatten(model: GbdtModel): FlatModel {
  const cached = flatCache.get(model);
  if (cached !== undefined) return cached;
  const total = model.trees.reduce((s, t) => s + t.nodes.length, 0);
  const flat: FlatModel = {
    nFeatures: model.features.length,
    baseScore: model.baseScore,
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    value: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    defaultLeft: new Uint8Array(total),
    catStart: new Int32Array(total).fill(-1),
    bits: new Uint32Array(0),
    cover: new Float64Array(total),
    maxDepth: 0,
  };
  const words: number[] = [];
  let offset = 0;
  model.trees.forEach((tree, t) => {
    flat.roots[t] = offset;
    tree.nodes.forEach((node, i) => {
      const at = offset + i;
      flat.cover[at] = node.cover;
      if (node.kind === "leaf") {
        flat.feature[at] = -1;
        flat.value[at] = node.value;
        return;
      }
      flat.feature[at] = node.feature;
      flat.left[at] = offset + node.left;
      flat.right[at] = offset + node.right;
      flat.defaultLeft[at] = node.defaultLeft ? 1 : 0;
      if (node.kind === "numeric") {
        flat.threshold[at] = node.threshold;
        return;
      }
      const feature = model.features[node.feature];
      const nCategories = feature?.kind === "categorical" ? feature.categories.length + 1 : 0;
      flat.catStart[at] = words.length;
      const set = new Array<number>(Math.ceil(nCategories / 32)).fill(0);
      for (const c of node.categories) set[c >>> 5] = (set[c >>> 5]! | (1 << (c & 31))) >>> 0;
      words.push(...set);
    });
    flat.maxDepth = Math.max(flat.maxDepth, treeDepth(flat, offset));
    offset += tree.nodes.length;
  });
  flat.bits = Uint32Array.from(words);
  flatCache.set(model, flat);
  return flat;
}

function treeDepth(flat: FlatModel, node: number): number {
  if (flat.feature[node]! < 0) return 0;
  return 1 + Math.max(treeDepth(flat, flat.left[node]!), treeDepth(flat, flat.right[node]!));
}

/**
 * One feature column aligned to the model: numeric values as-is, categorical values as the
 * model's category index (unseen labels → "other"), NaN for missing.
 */
export function modelColumns(model: GbdtModel, data: Dataset): Float64Array[] {
  return model.features.map((feature) => {
    const column = findColumn(data, feature.name, feature.kind);
    if (column.kind === "numeric") return column.values;
    if (feature.kind !== "categorical") throw new Error("unreachable");
    const map = categoryCodeMap(column.labels, feature.categories);
    const out = new Float64Array(data.nRows);
    for (let r = 0; r < data.nRows; r++) {
      const code = column.codes[r]!;
      out[r] = code >= 0 ? map[code]! : Number.NaN;
    }
    return out;
  });
}

/** Row-major copy of the model-aligned columns, so one row's features are adjacent. */
export function rowMatrix(model: GbdtModel, data: Dataset): Float64Array {
  const columns = modelColumns(model, data);
  const nF = columns.length;
  const out = new Float64Array(data.nRows * nF);
  columns.forEach((column, f) => {
    for (let r = 0; r < data.nRows; r++) out[r * nF + f] = column[r]!;
  });
  return out;
}

/** One row of `data`, aligned to the model like rowMatrix, without converting whole columns. */
export function modelRow(model: GbdtModel, data: Dataset, row: number): Float64Array {
  if (!Number.isInteger(row) || row < 0 || row >= data.nRows) throw new RangeError(`row ${row} out of range`);
  return Float64Array.from(model.features, (feature) => {
    const column = findColumn(data, feature.name, feature.kind);
    if (column.kind === "numeric") return column.values[row]!;
    const code = column.codes[row]!;
    if (code < 0 || feature.kind !== "categorical") return Number.NaN;
    const kept = feature.categories.indexOf(column.labels[code]!);
    return kept >= 0 ? kept : feature.categories.length;
  });
}

/** The child a value is routed to at a split node (shared by scoring and TreeSHAP). */
export function nextNode(flat: FlatModel, node: number, x: number): number {
  let goLeft: boolean;
  if (x !== x) goLeft = flat.defaultLeft[node] === 1;
  else {
    const cs = flat.catStart[node]!;
    goLeft = cs < 0 ? x <= flat.threshold[node]! : ((flat.bits[cs + (x >>> 5)]! >>> (x & 31)) & 1) === 1;
  }
  return goLeft ? flat.left[node]! : flat.right[node]!;
}

/** Raw scores (log-odds) for every row of `data`; columns are matched to the model by name. */
export function predictRaw(model: GbdtModel, data: Dataset): Float64Array {
  const flat = flatten(model);
  const X = rowMatrix(model, data);
  const nF = flat.nFeatures;
  const out = new Float64Array(data.nRows);
  const { roots, feature, threshold, value, left, right, defaultLeft, catStart, bits } = flat;
  const nTrees = roots.length;
  for (let r = 0; r < data.nRows; r++) {
    const base = r * nF;
    let sum = flat.baseScore;
    for (let t = 0; t < nTrees; t++) {
      let node = roots[t]!;
      let f = feature[node]!;
      while (f >= 0) {
        const x = X[base + f]!;
        let goLeft: boolean;
        if (x !== x) goLeft = defaultLeft[node] === 1;
        else {
          const cs = catStart[node]!;
          goLeft = cs < 0 ? x <= threshold[node]! : ((bits[cs + (x >>> 5)]! >>> (x & 31)) & 1) === 1;
        }
        node = goLeft ? left[node]! : right[node]!;
        f = feature[node]!;
      }
      sum += value[node]!;
    }
    out[r] = sum;
  }
  return out;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function predictProba(model: GbdtModel, data: Dataset): Float64Array {
  return predictRaw(model, data).map(sigmoid);
}
