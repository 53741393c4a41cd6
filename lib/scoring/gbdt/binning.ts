/**
 * Histogram binning, fitted on the training split only (fitting on all data would leak the test
 * distribution into the thresholds). Every feature gets bins 0..nBins-1 for observed values plus
 * one dedicated missing bin at index nBins, so a feature uses at most 256 bins and fits a Uint8.
 */
import type { Column, Dataset } from "./dataset";
import { createRng, shuffleInPlace } from "./prng";

export interface NumericBins {
  kind: "numeric";
  name: string;
  /** Ascending upper edges: value v falls in the first bin b with v <= edges[b], else the last. */
  edges: Float64Array;
  nBins: number;
}

export interface CategoricalBins {
  kind: "categorical";
  name: string;
  /** Kept categories; bin categories.length is "other" (rare or unseen labels). */
  categories: string[];
  nBins: number;
}

export type FeatureBins = NumericBins | CategoricalBins;

export interface BinMapper {
  features: FeatureBins[];
  /** Start of each feature's block in a flat histogram; block size is nBins + 1. */
  offsets: Int32Array;
  totalBins: number;
}

export interface BinningOptions {
  maxBins: number;
  maxCategories: number;
  minCategoryCount: number;
  seed: number;
}

/** Quantiles on more rows than this change the edges negligibly but cost a full sort. */
const MAX_ROWS_FOR_EDGES = 200_000;

export function fitBins(data: Dataset, options: BinningOptions): BinMapper {
  if (options.maxBins < 2 || options.maxBins > 255) throw new RangeError("maxBins must be in [2, 255]");
  if (options.maxCategories < 1 || options.maxCategories > 254) {
    throw new RangeError("maxCategories must be in [1, 254]");
  }
  const sampleRows = rowsForEdges(data.nRows, options.seed);
  const features = data.columns.map((column) =>
    column.kind === "numeric"
      ? fitNumeric(column.name, column.values, sampleRows, options.maxBins)
      : fitCategorical(column, options.maxCategories, options.minCategoryCount),
  );
  const offsets = new Int32Array(features.length);
  let total = 0;
  features.forEach((feature, f) => {
    offsets[f] = total;
    total += feature.nBins + 1;
  });
  return { features, offsets, totalBins: total };
}

function rowsForEdges(nRows: number, seed: number): Int32Array | null {
  if (nRows <= MAX_ROWS_FOR_EDGES) return null;
  const all = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) all[i] = i;
  return shuffleInPlace(all, createRng(seed ^ 0x5bd1e995)).slice(0, MAX_ROWS_FOR_EDGES);
}

function fitNumeric(name: string, values: Float64Array, rows: Int32Array | null, maxBins: number): NumericBins {
  const n = rows === null ? values.length : rows.length;
  const present: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[rows === null ? i : rows[i]!]!;
    if (v === v) present.push(v);
  }
  const sorted = Float64Array.from(present).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  }
  const edges: number[] = [];
  if (distinct.length <= maxBins) {
    // Few distinct values: one bin each, split half-way so unseen values land on the nearer side.
    for (let i = 1; i < distinct.length; i++) edges.push((distinct[i - 1]! + distinct[i]!) / 2);
  } else {
    for (let i = 1; i < maxBins; i++) {
      const pos = (i / maxBins) * (sorted.length - 1);
      const edge = (sorted[Math.floor(pos)]! + sorted[Math.ceil(pos)]!) / 2;
      if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
    }
  }
  return { kind: "numeric", name, edges: Float64Array.from(edges), nBins: edges.length + 1 };
}

function fitCategorical(
  column: Extract<Column, { kind: "categorical" }>,
  maxCategories: number,
  minCount: number,
): CategoricalBins {
  const counts = new Float64Array(column.labels.length);
  for (let i = 0; i < column.codes.length; i++) {
    const code = column.codes[i]!;
    if (code >= 0) counts[code]! += 1;
  }
  // Frequency order (ties by label) keeps the vocabulary independent of row order.
  const kept = column.labels
    .map((label, code) => ({ label, count: counts[code]! }))
    .filter((c) => c.count >= Math.max(1, minCount))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .slice(0, maxCategories)
    .map((c) => c.label);
  return { kind: "categorical", name: column.name, categories: kept, nBins: kept.length + 1 };
}

export function binOfValue(edges: Float64Array, value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Maps a column's own label codes to the bins of a fitted categorical feature. */
export function categoryCodeMap(labels: readonly string[], categories: readonly string[]): Int32Array {
  const index = new Map(categories.map((c, i) => [c, i] as const));
  const other = categories.length;
  return Int32Array.from(labels, (label) => index.get(label) ?? other);
}

export function findColumn(data: Dataset, name: string, kind: Column["kind"]): Column {
  const column = data.columns.find((c) => c.name === name);
  if (column === undefined) throw new RangeError(`dataset has no column ${name}`);
  if (column.kind !== kind) throw new RangeError(`column ${name} is ${column.kind}, model expects ${kind}`);
  return column;
}

/** Row-major bin matrix (nRows × nFeatures): one row's bins share a cache line during histogram builds. */
export function binDataset(mapper: BinMapper, data: Dataset): Uint8Array {
  const nF = mapper.features.length;
  const n = data.nRows;
  const out = new Uint8Array(n * nF);
  mapper.features.forEach((feature, f) => {
    const column = findColumn(data, feature.name, feature.kind);
    const missing = feature.nBins;
    if (column.kind === "numeric" && feature.kind === "numeric") {
      for (let r = 0; r < n; r++) {
        const v = column.values[r]!;
        out[r * nF + f] = v === v ? binOfValue(feature.edges, v) : missing;
      }
    } else if (column.kind === "categorical" && feature.kind === "categorical") {
      const map = categoryCodeMap(column.labels, feature.categories);
      for (let r = 0; r < n; r++) {
        const code = column.codes[r]!;
        out[r * nF + f] = code >= 0 ? map[code]! : missing;
      }
    }
  });
  return out;
}
