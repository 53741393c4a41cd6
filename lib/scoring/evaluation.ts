// Held-out figures every model version records, so versions (and the cold-start prior) compare on
// the same terms: ranking (AUC), probability quality (log-loss, ECE) and what a rep feels (how much
// better the top of the list converts than the average).
import { auc, ece, liftAt, logLoss } from "./gbdt";
import { toScore } from "./present";

export interface HeldOutMetrics {
  rows: number;
  positives: number;
  auc: number | null;
  logLoss: number;
  /** Expected calibration error over 10 equal-width probability bins. */
  ece: number;
  /** Positive rate of the top 10 % by probability over the overall rate. */
  liftTop10: number | null;
  /** The best band (A) on these rows: how many landed there and how they converted. */
  topBand: { band: string; rows: number; rate: number | null; lift: number | null };
}

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export function evaluateProbabilities(probabilities: ArrayLike<number>, y: Uint8Array): HeldOutMetrics {
  const n = y.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const baseRate = n === 0 ? NaN : positives / n;
  let inTop = 0;
  let topPositives = 0;
  for (let i = 0; i < n; i++) {
    if (toScore(probabilities[i]!).band === "A") {
      inTop++;
      topPositives += y[i]!;
    }
  }
  const topRate = inTop === 0 ? NaN : topPositives / inTop;
  return {
    rows: n,
    positives,
    auc: finiteOrNull(auc(probabilities, y)),
    logLoss: logLoss(probabilities, y),
    ece: ece(probabilities, y),
    liftTop10: n === 0 ? null : finiteOrNull(liftAt(probabilities, y, 0.1)),
    topBand: { band: "A", rows: inTop, rate: finiteOrNull(topRate), lift: finiteOrNull(topRate / baseRate) },
  };
}

export interface Comparison {
  candidate: { auc: number | null; logLoss: number };
  baseline: { version: string; auc: number | null; logLoss: number };
  rows: number;
  /** True when the candidate ranks at least as well and its probabilities are better. */
  candidateWins: boolean;
  reason: string;
}

/**
 * The rule that ends cold start (and guards any automatic promotion): on the same held-out rows the
 * candidate must have lower log-loss — a proper scoring rule, so it rewards honest probabilities, not
 * just ordering — and an AUC no lower than the baseline's. A tie keeps the baseline.
 */
export function compareOnHeldOut(
  candidate: HeldOutMetrics,
  baseline: HeldOutMetrics,
  baselineVersion: string,
): Comparison {
  const aucOk = candidate.auc !== null && (baseline.auc === null || candidate.auc >= baseline.auc);
  const lossOk = candidate.logLoss < baseline.logLoss;
  const candidateWins = aucOk && lossOk;
  const fmt = (v: number | null) => (v === null ? "n/a" : v.toFixed(3));
  const reason = candidateWins
    ? `candidate beats ${baselineVersion}: AUC ${fmt(candidate.auc)} ≥ ${fmt(baseline.auc)}, log-loss ${fmt(candidate.logLoss)} < ${fmt(baseline.logLoss)}`
    : `${baselineVersion} kept: candidate AUC ${fmt(candidate.auc)} vs ${fmt(baseline.auc)}, log-loss ${fmt(candidate.logLoss)} vs ${fmt(baseline.logLoss)}`;
  return {
    candidate: { auc: candidate.auc, logLoss: candidate.logLoss },
    baseline: { version: baselineVersion, auc: baseline.auc, logLoss: baseline.logLoss },
    rows: candidate.rows,
    candidateWins,
    reason,
  };
}
