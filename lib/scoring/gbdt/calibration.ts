/**
 * Probability calibration of raw scores, fitted on a held-out split (fitting on training rows
 * would learn the model's overconfidence on data it has memorised). Calibrators are plain JSON
 * so they ship next to the model.
 */
export type Calibrator =
  | {
      kind: "isotonic";
      /** Ascending raw-score knots; between knots the probability is linearly interpolated. */
      x: number[];
      p: number[];
    }
  | { kind: "platt"; a: number; b: number };

/**
 * Isotonic output is an empirical rate and can be exactly 0 or 1 for a pure block; a floor keeps
 * downstream log-odds and log-loss finite without moving any realistic probability.
 */
const PROBABILITY_FLOOR = 1e-4;

/** Pool-adjacent-violators on rows sorted by raw score; equal scores are pooled first. */
export function fitIsotonic(raw: ArrayLike<number>, y: Uint8Array): Calibrator {
  if (raw.length !== y.length || raw.length === 0) throw new RangeError("isotonic needs matching, non-empty inputs");
  const order = Int32Array.from({ length: raw.length }, (_, i) => i).sort((a, b) => raw[a]! - raw[b]! || a - b);
  const sum: number[] = [];
  const weight: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  let i = 0;
  while (i < order.length) {
    const x = raw[order[i]!]!;
    let s = 0;
    let w = 0;
    while (i < order.length && raw[order[i]!] === x) {
      s += y[order[i]!]!;
      w += 1;
      i++;
    }
    sum.push(s);
    weight.push(w);
    lo.push(x);
    hi.push(x);
    // Merge while the previous block's rate is not below this one's (ties merge too: fewer knots).
    while (sum.length > 1) {
      const k = sum.length - 1;
      if (sum[k - 1]! / weight[k - 1]! < sum[k]! / weight[k]!) break;
      sum[k - 1]! += sum[k]!;
      weight[k - 1]! += weight[k]!;
      hi[k - 1] = hi[k]!;
      sum.pop();
      weight.pop();
      lo.pop();
      hi.pop();
    }
  }
  const x: number[] = [];
  const p: number[] = [];
  for (let k = 0; k < sum.length; k++) {
    const rate = sum[k]! / weight[k]!;
    x.push(lo[k]!);
    p.push(rate);
    if (hi[k]! > lo[k]!) {
      x.push(hi[k]!);
      p.push(rate);
    }
  }
  return { kind: "isotonic", x, p };
}

/**
 * Platt scaling p = σ(a·raw + b) by Newton's method with backtracking, using Platt's smoothed
 * targets (N₊+1)/(N₊+2) and 1/(N₋+2) so a separable calibration set cannot push a to infinity.
 */
export function fitPlatt(raw: ArrayLike<number>, y: Uint8Array): Calibrator {
  if (raw.length !== y.length || raw.length === 0) throw new RangeError("platt needs matching, non-empty inputs");
  let nPos = 0;
  for (let i = 0; i < y.length; i++) nPos += y[i]!;
  const nNeg = y.length - nPos;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  const objective = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < raw.length; i++) {
      const z = a * raw[i]! + b;
      const t = y[i] === 1 ? tPos : tNeg;
      f += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - t * z;
    }
    return f;
  };
  let a = 1;
  let b = 0;
  let f = objective(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < raw.length; i++) {
      const s = raw[i]!;
      const q = 1 / (1 + Math.exp(-(a * s + b)));
      const d = q - (y[i] === 1 ? tPos : tNeg);
      const w = q * (1 - q);
      ga += d * s;
      gb += d;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    if (Math.abs(ga) + Math.abs(gb) < 1e-10 * raw.length) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    let step = 1;
    while (step > 1e-10) {
      const fNew = objective(a + step * da, b + step * db);
      if (fNew < f + 1e-4 * step * (ga * da + gb * db)) {
        a += step * da;
        b += step * db;
        f = fNew;
        break;
      }
      step /= 2;
    }
    if (step <= 1e-10) break;
  }
  return { kind: "platt", a, b };
}

export function calibrate(calibrator: Calibrator, raw: number): number {
  if (calibrator.kind === "platt") return 1 / (1 + Math.exp(-(calibrator.a * raw + calibrator.b)));
  const { x, p } = calibrator;
  let value: number;
  if (raw <= x[0]!) value = p[0]!;
  else if (raw >= x[x.length - 1]!) value = p[p.length - 1]!;
  else {
    let lo = 0;
    let hi = x.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (x[mid]! <= raw) lo = mid;
      else hi = mid;
    }
    const t = (raw - x[lo]!) / (x[hi]! - x[lo]!);
    value = p[lo]! + t * (p[hi]! - p[lo]!);
  }
  return Math.min(Math.max(value, PROBABILITY_FLOOR), 1 - PROBABILITY_FLOOR);
}

export function calibrateAll(calibrator: Calibrator, raw: Float64Array): Float64Array {
  return raw.map((r) => calibrate(calibrator, r));
}
