/**
 * Row splits. The app splits by time so a model is never validated on records older than the
 * ones it learned from; the benchmark uses a seeded stratified split to mirror scikit-learn's.
 */
import { createRng, shuffleInPlace } from "./prng";

export interface TimeSplit {
  /** Row indices, each part in ascending time order. */
  train: Int32Array;
  valid: Int32Array;
  test: Int32Array;
}

/**
 * Oldest rows train, the next `validFraction` validate, the newest `testFraction` test. Rows
 * sharing a timestamp never straddle a boundary (they go to the later part), so no part sees
 * a moment that a later part also covers.
 */
export function timeSplit(
  timestamps: ArrayLike<number>,
  fractions: { validFraction: number; testFraction: number },
): TimeSplit {
  const { validFraction, testFraction } = fractions;
  if (!(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction < 1)) {
    throw new RangeError("fractions must be ≥ 0 and leave rows for training");
  }
  const order = timeOrder(timestamps);
  const n = order.length;
  const ts = (k: number) => timestamps[order[k]!]!;
  const snapBack = (cut: number) => {
    let k = Math.max(0, Math.min(n, cut));
    while (k > 0 && k < n && ts(k - 1) === ts(k)) k--;
    return k;
  };
  const testStart = snapBack(n - Math.round(testFraction * n));
  const validStart = Math.min(testStart, snapBack(testStart - Math.round(validFraction * n)));
  return {
    train: order.slice(0, validStart),
    valid: order.slice(validStart, testStart),
    test: order.slice(testStart),
  };
}

/** Split at explicit instants: train < validFrom <= valid < testFrom <= test. */
export function timeSplitAt(timestamps: ArrayLike<number>, cutoffs: { validFrom: number; testFrom: number }): TimeSplit {
  if (!(cutoffs.validFrom <= cutoffs.testFrom)) throw new RangeError("validFrom must not be after testFrom");
  const order = timeOrder(timestamps);
  const parts: number[][] = [[], [], []];
  for (const i of order) {
    const t = timestamps[i]!;
    parts[t < cutoffs.validFrom ? 0 : t < cutoffs.testFrom ? 1 : 2]!.push(i);
  }
  const [train, valid, test] = parts.map((p) => Int32Array.from(p));
  return { train: train!, valid: valid!, test: test! };
}

function timeOrder(timestamps: ArrayLike<number>): Int32Array {
  for (let i = 0; i < timestamps.length; i++) {
    if (!Number.isFinite(timestamps[i])) throw new RangeError(`timestamp of row ${i} is not a finite number`);
  }
  return Int32Array.from({ length: timestamps.length }, (_, i) => i).sort(
    (a, b) => timestamps[a]! - timestamps[b]! || a - b,
  );
}

/**
 * Seeded stratified split: each class contributes round(testFraction · classSize) rows to test,
 * so both parts keep the positive rate. Indices come back ascending.
 */
export function stratifiedSplit(
  y: Uint8Array,
  testFraction: number,
  seed: number,
): { train: Int32Array; test: Int32Array } {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError("testFraction must be in (0, 1)");
  const rng = createRng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === label) members.push(i);
    const shuffled = shuffleInPlace(Int32Array.from(members), rng);
    const nTest = Math.round(testFraction * shuffled.length);
    shuffled.forEach((row, k) => (k < nTest ? test : train).push(row));
  }
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}
