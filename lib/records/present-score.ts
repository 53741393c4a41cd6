// A stored score as the rep's panel shows it. Depends only on the score row, its reasons and its
// model version, which never change once written (reworded reason texts aside, see
// lib/scoring/reason-texts.ts), so it is computed once, stored with the score (Score.panel) and
// sent as is by the panel's read path.
import { breakdown, type PointsBreakdown } from "@/lib/scoring/breakdown";
import type { ScoreSnapshot } from "@/lib/scoring/compute";
import { sigmoid } from "@/lib/scoring/model";
import { meaning, SCORE_BANDS } from "@/lib/scoring/present";
import { nounFor } from "./record-words";

export interface RaiseDto {
  feature: string;
  action: string;
  gain: number;
}

export interface ScoreDto {
  id: string;
  value: number;
  band: string;
  bandLabel: string;
  probability: number;
  meaning: string;
  computedAt: string;
  model: { version: string; algorithm: string; coldStart: boolean; target: string; windowDays: number };
  /**
   * typical + every listed reason (+ unitemised) = value; see lib/scoring/breakdown.ts. Null for a
   * caller whose role does not see reasons (reasons.view).
   */
  points: PointsBreakdown | null;
  /** "What would raise it": steps a rep can take on this record and the points the model gives each. */
  raise: RaiseDto[];
}

export interface StoredScore {
  id: string;
  value: number;
  band: string;
  probability: number;
  baseValue: number;
  computedAt: Date;
  model: { version: string; algorithm: string; target: string; windowDays: number };
  reasons: Array<{ feature: string; points: number; text: string }>;
  snapshot: ScoreSnapshot | null;
}

/** Bump when ScoreDto changes: stored panels of another version are presented on the fly instead. */
export const PANEL_FORMAT = 1;

const BAND_LABELS: Record<string, string> = Object.fromEntries(SCORE_BANDS.map((b) => [b.band, b.label]));

export function presentScore(score: StoredScore, objectType: string): ScoreDto {
  // Stored with the score (toPoints); ingested scores derive it from their base value the same way.
  const typical = score.snapshot?.explanation.basePoints ?? Math.round(100 * sigmoid(score.baseValue));
  return {
    id: score.id,
    value: score.value,
    band: score.band,
    bandLabel: BAND_LABELS[score.band] ?? score.band,
    probability: score.probability,
    meaning: meaning(score.value, score.model.windowDays, score.model.target, nounFor(objectType).many),
    computedAt: score.computedAt.toISOString(),
    model: {
      version: score.model.version,
      algorithm: score.model.algorithm,
      coldStart: score.model.algorithm === "prior",
      target: score.model.target,
      windowDays: score.model.windowDays,
    },
    points: breakdown(score.value, typical, score.reasons.map((r) => ({ feature: r.feature, text: r.text, points: r.points }))),
    raise: (score.snapshot?.suggestions ?? []).map((x) => ({ feature: x.feature, action: x.action, gain: x.gain })),
  };
}

/** What Score.panel / Score.panelVersion hold for a score. */
export function storedPanel(score: StoredScore, objectType: string): { panel: string; panelVersion: number } {
  return { panel: JSON.stringify(presentScore(score, objectType)), panelVersion: PANEL_FORMAT };
}
