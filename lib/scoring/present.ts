// From model output to what a rep sees: a 0–100 score with a band, a sentence saying what it
// means, integer points per feature that add up exactly to the score, and the top reasons in words.
// Model-agnostic: anything that yields a ModelExplanation (log-odds base + additive contributions)
// and a probability plugs in.
import { featureSpec, type FeatureRow } from "./features";
import { sigmoid, type ModelExplanation } from "./model";
import { DEFAULT_REASON_CATALOGUE, describeFeature, type ReasonCatalogue, type ReasonDirection } from "./reason-catalogue";

export { whatWouldRaise, DEFAULT_IMPROVEMENTS, type Improvement, type RaiseSuggestion } from "./what-would-raise";

/**
 * Bands over the calibrated score (score = probability × 100), highest first. The demo tenant and
 * typical B2B lead funnels convert 20–30 % of closed leads, so:
 *  - A "Hot"  ≥ 60: more likely than not to convert, about twice the base rate; act today.
 *  - B "Warm" ≥ 35: above the base rate; worth active follow-up.
 *  - C "Cool" ≥ 15: around or a little below the base rate; nurture.
 *  - D "Cold" below 15: about half the base rate or less.
 * Thresholds are on the calibrated probability, so they keep their meaning when the model changes.
 */
export const SCORE_BANDS = [
  { band: "A", min: 60, label: "Hot" },
  { band: "B", min: 35, label: "Warm" },
  { band: "C", min: 15, label: "Cool" },
  { band: "D", min: 0, label: "Cold" },
] as const;

export type ScoreBand = (typeof SCORE_BANDS)[number]["band"];

export interface Score {
  value: number;
  band: ScoreBand;
  bandLabel: string;
}

export function toScore(probability: number): Score {
  if (!Number.isFinite(probability) || probability < 0 || probability > 1) {
    throw new RangeError(`probability must be within [0, 1], got ${probability}`);
  }
  const value = Math.round(100 * probability);
  const band = SCORE_BANDS.find((b) => value >= b.min) ?? SCORE_BANDS[3];
  return { value, band: band.band, bandLabel: band.label };
}

/**
 * The score as a frequency, which people read more accurately than a percentage:
 * meaning(62, 90, "converted") → "About 62 in 100 leads like this one converted within 90 days."
 * `target` is the outcome in the past tense; `noun` the plural of the record type.
 */
export function meaning(value: number, windowDays: number, target: string, noun = "leads"): string {
  const window = `within ${windowDays} ${windowDays === 1 ? "day" : "days"}`;
  if (value <= 0) return `Fewer than 1 in 100 ${noun} like this one ${target} ${window}.`;
  if (value >= 100) return `More than 99 in 100 ${noun} like this one ${target} ${window}.`;
  return `About ${value} in 100 ${noun} like this one ${target} ${window}.`;
}

export interface ScorePoints {
  value: number;
  /** Score of the reference record, round(100 · sigmoid(base)). */
  basePoints: number;
  /** Integer points per feature; basePoints + Σ points === value, always. */
  points: Record<string, number>;
}

/**
 * Splits value − basePoints into integer points per feature.
 *
 * 1. Log-odds are not additive in probability, so each contribution is first scaled by the secant
 *    slope of the sigmoid between base and raw: r_i = c_i · 100 (σ(raw) − σ(base)) / (raw − base)
 *    (the derivative when raw ≈ base). The slope is positive and bounded (≤ 25), so features keep
 *    their sign and cancelling contributions cannot blow up the way dividing by Σ c_i would.
 * 2. The r_i sum to 100 (σ(raw) − σ(base)), which differs from the integer target by rounding, or by
 *    more when `probability` is calibrated away from σ(raw). That residual is spread over the
 *    features pushing the same way as the residual, in proportion to their size, so no feature
 *    changes sign; only if none push that way is it spread over all of them.
 * 3. Largest-remainder rounding: floor every r_i, then give +1 to the largest fractional parts until
 *    the sum is exact (ties go to the larger contribution, then the feature name).
 * If every contribution is zero there is nothing to attribute and basePoints is the score itself.
 */
export function toPoints(explanation: ModelExplanation, probability: number): ScorePoints {
  const value = toScore(probability).value;
  const features = Object.keys(explanation.contributions).sort();
  const c = features.map((f) => {
    const v = explanation.contributions[f] ?? 0;
    return Number.isFinite(v) ? v : 0;
  });
  const points: Record<string, number> = Object.fromEntries(features.map((f) => [f, 0]));
  const active = c.map((v, i) => (v !== 0 ? i : -1)).filter((i) => i >= 0);
  if (active.length === 0) return { value, basePoints: value, points };

  const pBase = sigmoid(explanation.base);
  const basePoints = Math.round(100 * pBase);
  const target = value - basePoints;
  const dz = explanation.raw - explanation.base;
  const slope = Math.abs(dz) > 1e-9 ? (100 * (sigmoid(explanation.raw) - pBase)) / dz : 100 * pBase * (1 - pBase);
  const r = c.map((v) => v * slope);

  const residual = target - active.reduce((s, i) => s + (r[i] as number), 0);
  if (residual !== 0) {
    const sameWay = active.filter((i) => Math.sign(r[i] as number) === Math.sign(residual));
    const pool = sameWay.length > 0 ? sameWay : active;
    const mass = pool.reduce((s, i) => s + Math.abs(r[i] as number), 0);
    for (const i of pool) {
      r[i] = mass > 0 ? (r[i] as number) + (residual * Math.abs(r[i] as number)) / mass : (r[i] as number) + residual / pool.length;
    }
  }

  const floors = new Map(active.map((i) => [i, Math.floor(r[i] as number)]));
  let remaining = target - [...floors.values()].reduce((s, v) => s + v, 0);
  const byRemainder = [...active].sort(
    (a, b) =>
      (r[b] as number) - (floors.get(b) as number) - ((r[a] as number) - (floors.get(a) as number)) ||
      Math.abs(c[b] as number) - Math.abs(c[a] as number) ||
      (features[a] as string).localeCompare(features[b] as string),
  );
  for (const i of byRemainder) {
    if (remaining <= 0) break;
    floors.set(i, (floors.get(i) as number) + 1);
    remaining -= 1;
  }
  for (const [i, p] of floors) points[features[i] as string] = p;

  // Float error can leave the remainder off by one in rare ties; the largest feature already
  // pushing that way absorbs it (so no feature changes sign), and the displayed points add up.
  const drift = target - Object.values(points).reduce((s, p) => s + p, 0);
  if (drift !== 0) {
    const bySize = [...active].sort((a, b) => Math.abs(r[b] as number) - Math.abs(r[a] as number));
    const absorber = bySize.find((i) => Math.sign(points[features[i] as string] ?? 0) === Math.sign(drift)) ?? (bySize[0] as number);
    points[features[absorber] as string] = (points[features[absorber] as string] ?? 0) + drift;
  }
  return { value, basePoints, points };
}

export interface Reason {
  feature: string;
  direction: ReasonDirection;
  /** Log-odds. */
  contribution: number;
  /** Score points, shown by the UI as "+12" / "−4". */
  points: number;
  text: string;
  actionable: boolean;
}

export interface Reasons {
  positive: Reason[];
  negative: Reason[];
}

/**
 * Every feature worth a point or more, in words, strongest first: together with the base points
 * they add up to the score exactly (see toPoints), so the panel can account for every point. The
 * direction, and with it the wording, follows the points; toPoints keeps those in the
 * contribution's sign except when a calibrated score lands on the other side of the typical one
 * than every contribution points, and then the words must match the points the rep sees.
 */
export function reasonsFor(
  row: FeatureRow,
  contributions: Record<string, number>,
  points: Record<string, number>,
  catalogue: ReasonCatalogue = DEFAULT_REASON_CATALOGUE,
  opts: { context?: Record<string, string> } = {},
): Reasons {
  const all: Reason[] = [];
  for (const [feature, p] of Object.entries(points)) {
    if (p === 0) continue;
    const direction: ReasonDirection = p > 0 ? "POSITIVE" : "NEGATIVE";
    const contribution = contributions[feature] ?? 0;
    all.push({
      feature,
      direction,
      contribution: Number.isFinite(contribution) ? contribution : 0,
      points: p,
      text: describeFeature(feature, direction, row, catalogue, opts.context),
      actionable: featureSpec(feature)?.actionable ?? false,
    });
  }
  all.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature));
  return {
    positive: all.filter((r) => r.direction === "POSITIVE"),
    negative: all.filter((r) => r.direction === "NEGATIVE"),
  };
}
