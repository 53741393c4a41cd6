// Evaluation metrics for any model's probabilities; model-agnostic so the logistic baseline and
// the GBDT engine are reported on the same yardstick.

function checkLengths(y: readonly number[], p: readonly number[]): void {
  if (y.length !== p.length) throw new Error(`labels (${y.length}) and probabilities (${p.length}) differ in length`);
}

/**
 * Area under the ROC curve via the Mann–Whitney statistic, with tied scores sharing their average
 * rank. NaN when one class is absent: AUC is undefined there, and 0.5 would pass for "no skill".
 */
export function auc(y: readonly number[], p: readonly number[]): number {
  checkLengths(y, p);
  const order = p.map((score, i) => ({ score, label: y[i] === 1 ? 1 : 0 })).sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]?.score === order[i]?.score) j += 1;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k += 1) {
      if (order[k]?.label === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

const EPS = 1e-15;

/** Mean negative log-likelihood, probabilities clipped so one confident miss is finite. */
export function logLoss(y: readonly number[], p: readonly number[]): number {
  checkLengths(y, p);
  if (y.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < y.length; i += 1) {
    const q = Math.min(1 - EPS, Math.max(EPS, p[i] ?? NaN));
    sum += y[i] === 1 ? -Math.log(q) : -Math.log(1 - q);
  }
  return sum / y.length;
}

export function brier(y: readonly number[], p: readonly number[]): number {
  checkLengths(y, p);
  if (y.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < y.length; i += 1) sum += ((p[i] ?? NaN) - (y[i] === 1 ? 1 : 0)) ** 2;
  return sum / y.length;
}
