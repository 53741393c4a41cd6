/**
 * Evaluation metrics for binary scores. Ties are handled explicitly everywhere: tree ensembles
 * emit many identical scores, and breaking ties by row order would make figures depend on it.
 */

/** Rows sorted by ascending score; ties keep index order so results are reproducible. */
function ascendingOrder(scores: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[a]! - scores[b]! || a - b);
}

function checkLengths(scores: ArrayLike<number>, y: Uint8Array): void {
  if (scores.length !== y.length) throw new RangeError(`${scores.length} scores for ${y.length} labels`);
}

/** ROC AUC via the Mann–Whitney statistic with mid-ranks for ties; NaN if a class is absent. */
export function auc(scores: ArrayLike<number>, y: Uint8Array): number {
  checkLengths(scores, y);
  const order = ascendingOrder(scores);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    let groupPositives = 0;
    while (j < order.length && scores[order[j]!] === scores[order[i]!]) groupPositives += y[order[j++]!]!;
    rankSum += groupPositives * ((i + 1 + j) / 2);
    positives += groupPositives;
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean binary cross-entropy of probabilities, clipped like scikit-learn so 0/1 stay finite. */
export function logLoss(prob: ArrayLike<number>, y: Uint8Array, eps = 1e-15): number {
  checkLengths(prob, y);
  let sum = 0;
  for (let i = 0; i < prob.length; i++) {
    const p = Math.min(Math.max(prob[i]!, eps), 1 - eps);
    sum -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / prob.length;
}

/** Expected calibration error over equal-width probability bins: Σ (n_b / N) · |mean p − rate|. */
export function ece(prob: ArrayLike<number>, y: Uint8Array, nBins = 10): number {
  checkLengths(prob, y);
  const count = new Float64Array(nBins);
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i]!;
    const b = Math.min(nBins - 1, Math.max(0, Math.floor(p * nBins)));
    count[b]! += 1;
    sumP[b]! += p;
    sumY[b]! += y[i]!;
  }
  let total = 0;
  for (let b = 0; b < nBins; b++) total += Math.abs(sumP[b]! - sumY[b]!);
  return prob.length === 0 ? Number.NaN : total / prob.length;
}

/**
 * Lift of the top `fraction` of rows by score: their positive rate over the overall rate. Rows
 * tied with the cut-off score count fractionally, so the band is exactly `fraction` of the rows.
 */
export function liftAt(scores: ArrayLike<number>, y: Uint8Array, fraction = 0.1): number {
  checkLengths(scores, y);
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError("fraction must be in (0, 1]");
  const n = scores.length;
  let totalPositives = 0;
  for (let i = 0; i < n; i++) totalPositives += y[i]!;
  if (n === 0 || totalPositives === 0) return Number.NaN;
  const order = ascendingOrder(scores).reverse();
  const band = fraction * n;
  let taken = 0;
  let positives = 0;
  let i = 0;
  while (i < n && taken < band) {
    let j = i;
    let groupPositives = 0;
    while (j < n && scores[order[j]!] === scores[order[i]!]) groupPositives += y[order[j++]!]!;
    const share = Math.min(1, (band - taken) / (j - i));
    positives += groupPositives * share;
    taken += (j - i) * share;
    i = j;
  }
  return positives / band / (totalPositives / n);
}
