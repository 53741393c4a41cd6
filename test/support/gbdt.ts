/** Small synthetic data sets for the unit tests (kept tiny so the suite stays fast). */
import { type Dataset, datasetFromColumns } from "@/lib/scoring/gbdt/dataset";
import { type Rng, createRng } from "@/lib/scoring/gbdt/prng";

export const LETTERS = ["a", "b", "c", "d", "e", "f", "g", "h"];

export interface Synthetic {
  data: Dataset;
  y: Uint8Array;
}

/**
 * Columns: x0, x1 uniform in [-1, 1] (x1 has ~20 % missing), noise (uniform, ~5 % missing),
 * cat (letters a–h, ~10 % missing), flag (0/1). The label comes from `rule`, then a share of
 * labels is flipped as noise.
 */
export function synthetic(
  n: number,
  seed: number,
  rule: (row: { x0: number; x1: number; cat: number; flag: number }, rng: Rng) => boolean,
  flipRate = 0,
): Synthetic {
  const rng = createRng(seed);
  const x0 = new Float64Array(n);
  const x1 = new Float64Array(n);
  const noise = new Float64Array(n);
  const cat = new Int32Array(n);
  const flag = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x0[i] = rng() * 2 - 1;
    x1[i] = rng() < 0.2 ? Number.NaN : rng() * 2 - 1;
    noise[i] = rng() < 0.05 ? Number.NaN : rng();
    cat[i] = rng() < 0.1 ? -1 : Math.floor(rng() * LETTERS.length);
    flag[i] = rng() < 0.5 ? 1 : 0;
    const label = rule({ x0: x0[i]!, x1: x1[i]!, cat: cat[i]!, flag: flag[i]! }, rng);
    y[i] = (rng() < flipRate ? !label : label) ? 1 : 0;
  }
  const data = datasetFromColumns([
    { name: "x0", kind: "numeric", values: x0 },
    { name: "x1", kind: "numeric", values: x1 },
    { name: "noise", kind: "numeric", values: noise },
    { name: "cat", kind: "categorical", codes: cat, labels: LETTERS },
    { name: "flag", kind: "numeric", values: flag },
  ]);
  return { data, y };
}

/** A rule mixing every column kind, with missing values that matter. */
export const mixedRule = (r: { x0: number; x1: number; cat: number; flag: number }, rng: Rng) => {
  const x1 = Number.isNaN(r.x1) ? 0.6 : r.x1;
  const catEffect = r.cat < 0 ? -0.5 : [1, -1, 0.5, -0.5, 1.5, 0, -1.5, 0.2][r.cat]!;
  const z = 2 * r.x0 - x1 + catEffect + 0.5 * r.flag;
  return rng() < 1 / (1 + Math.exp(-2 * z));
};
