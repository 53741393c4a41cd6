// One record's score from a model, without I/O: the probability, the 0–100 score and band, exact
// contributions and the integer points behind them, the reasons in the tenant's words, and what
// would raise it. Everything the score row stores, and what the history compares against.
import { ACTIONABLE_FEATURES, featureSpec, type FeatureRow } from "./features";
import type { ModelExplanation } from "./model";
import { reasonsFor, toPoints, toScore, whatWouldRaise, type Reasons, type RaiseSuggestion, type Score } from "./present";
import type { ReasonCatalogue } from "./reason-catalogue";
import { predict, type Scorer } from "./scorer";

export interface ComputedScore {
  score: Score;
  probability: number;
  explanation: ModelExplanation;
  /** Integer points for every feature; basePoints + Σ points = score.value. */
  points: Record<string, number>;
  basePoints: number;
  reasons: Reasons;
  suggestions: RaiseSuggestion[];
}

export function computeScore(
  scorer: Scorer,
  row: FeatureRow,
  catalogue: ReasonCatalogue,
  context: Record<string, string>,
): ComputedScore {
  const explanation = scorer.explain(row);
  const probability = scorer.probability(explanation);
  const score = toScore(probability);
  const { points, basePoints } = toPoints(explanation, probability);
  return {
    score,
    probability,
    explanation,
    points,
    basePoints,
    reasons: reasonsFor(row, explanation.contributions, points, catalogue, { context }),
    suggestions: whatWouldRaise({ row, actionable: ACTIONABLE_FEATURES, predict: (r) => predict(scorer, r) }),
  };
}

/**
 * Lineage stored with every score (Score.inputSnapshot): the exact inputs, the exact explanation
 * and the suggestions derived from them, so a score can be re-derived and audited later and the
 * next score can say which contributions moved.
 */
export interface ScoreSnapshot {
  schema: 1;
  asOf: string;
  features: FeatureRow;
  explanation: ModelExplanation & { points: Record<string, number>; basePoints: number };
  /** With the changed inputs, so anyone can rescore the counterfactual and get the same gain. */
  suggestions: Array<Pick<RaiseSuggestion, "feature" | "action" | "gain" | "probability" | "changes">>;
  source: { crmUpdatedAt: string | null; activities: number; lastActivityAt: string | null };
}

export function snapshotOf(
  computed: ComputedScore,
  row: FeatureRow,
  asOf: Date,
  source: ScoreSnapshot["source"],
): ScoreSnapshot {
  return {
    schema: 1,
    asOf: asOf.toISOString(),
    features: row,
    explanation: { ...computed.explanation, points: computed.points, basePoints: computed.basePoints },
    suggestions: computed.suggestions.map(({ feature, action, gain, probability, changes }) => ({ feature, action, gain, probability, changes })),
    source,
  };
}

export interface ScoreChanges {
  trigger: string;
  because: string;
  previous: null | { scoreId: string; value: number; band: string; modelVersionId: string; computedAt: string };
  delta: number | null;
  modelChanged: boolean;
  /** The features whose contributions moved most, in points and log-odds. */
  movers: Array<{ feature: string; label: string; pointsFrom: number; pointsTo: number; contributionFrom: number; contributionTo: number }>;
  /** Inputs whose values changed. */
  inputs: Array<{ feature: string; from: FeatureRow[string]; to: FeatureRow[string] }>;
}

const MOVERS = 3;

export function changesSince(
  previous: { id: string; value: number; band: string; modelVersionId: string; computedAt: Date; snapshot: ScoreSnapshot | null } | null,
  current: { value: number; modelVersionId: string; snapshot: ScoreSnapshot },
  trigger: string,
  because: string,
): ScoreChanges {
  if (!previous) {
    return { trigger, because, previous: null, delta: null, modelChanged: false, movers: [], inputs: [] };
  }
  const before = previous.snapshot;
  const after = current.snapshot;
  const features = new Set([...Object.keys(after.explanation.contributions), ...Object.keys(before?.explanation.contributions ?? {})]);
  const movers = [...features]
    .map((feature) => ({
      feature,
      label: featureSpec(feature)?.label ?? feature,
      pointsFrom: before?.explanation.points[feature] ?? 0,
      pointsTo: after.explanation.points[feature] ?? 0,
      contributionFrom: before?.explanation.contributions[feature] ?? 0,
      contributionTo: after.explanation.contributions[feature] ?? 0,
    }))
    .filter((m) => m.pointsFrom !== m.pointsTo || Math.abs(m.contributionTo - m.contributionFrom) > 1e-9)
    .sort(
      (a, b) =>
        Math.abs(b.contributionTo - b.contributionFrom) - Math.abs(a.contributionTo - a.contributionFrom) ||
        a.feature.localeCompare(b.feature),
    )
    .slice(0, MOVERS);
  const inputs = Object.keys(after.features)
    .filter((f) => before !== null && (before.features[f] ?? null) !== (after.features[f] ?? null))
    .map((feature) => ({ feature, from: before!.features[feature] ?? null, to: after.features[feature] ?? null }));
  return {
    trigger,
    because,
    previous: {
      scoreId: previous.id, value: previous.value, band: previous.band, modelVersionId: previous.modelVersionId,
      computedAt: previous.computedAt.toISOString(),
    },
    delta: current.value - previous.value,
    modelChanged: previous.modelVersionId !== current.modelVersionId,
    movers,
    inputs,
  };
}

/** Reads a stored snapshot; older rows (or ingested scores) may not have one. */
export function readSnapshot(value: unknown): ScoreSnapshot | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Partial<ScoreSnapshot>;
  return v.schema === 1 && v.features && v.explanation ? (v as ScoreSnapshot) : null;
}

/** Same inputs, key order aside: used to skip writing a score that would repeat the last one. */
export function sameFeatures(a: FeatureRow, b: FeatureRow): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? null) !== (b[k] ?? null)) return false;
  return true;
}
