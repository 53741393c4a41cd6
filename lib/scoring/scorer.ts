// One interface over every model Candor can score with, built from a ModelVersion's stored params:
// the tenant's GBDT (TreeSHAP contributions, calibrated probability) and the cold-start prior (exact
// additive terms, σ(raw)). External models (bring your own) cannot score here: their scores arrive
// through the ingest API, so scorerFor answers null for them.
import { z } from "zod";
import { FEATURE_SCHEMA, type FeatureRow } from "./features";
import { datasetFromRows, modelFromJson, modelToJson, predictRaw, treeShap } from "./gbdt";
import { sigmoid, type ModelExplanation } from "./model";
import { ColdStartRuleSchema, explainPrior, PRIOR_TERMS_VERSION, type PriorModel } from "./prior";
import { calibratedProbability, type GbdtBundle } from "./tenant-model";

export interface Scorer {
  algorithm: "gbdt" | "prior";
  /** Log-odds with exact additive contributions: base + Σ contributions = raw. */
  explain(row: FeatureRow): ModelExplanation;
  /** The probability shown for an explanation's raw output (calibrated for trained models). */
  probability(explanation: ModelExplanation): number;
}

export function predict(scorer: Scorer, row: FeatureRow): number {
  return scorer.probability(scorer.explain(row));
}

const PriorSchema = z
  .object({
    algorithm: z.literal("prior"),
    termsVersion: z.literal(PRIOR_TERMS_VERSION),
    baseRate: z.number().min(0.01).max(0.9),
    rules: z.array(ColdStartRuleSchema),
  })
  .strict();

const CalibratorSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("platt"), a: z.number().finite(), b: z.number().finite() }).strict(),
  z.object({ kind: z.literal("isotonic"), x: z.array(z.number().finite()).min(1), p: z.array(z.number().min(0).max(1)).min(1) }).strict(),
]);

// The trees are stored as the engine's own JSON text inside the Json column: a database JSON number
// round trip is not guaranteed to keep every double (the engine writes +∞ split thresholds as
// Number.MAX_VALUE, which the embedded database hands back as null), and scores must be
// reproducible from the stored model to the last bit.
const StoredBundleSchema = z
  .object({
    format: z.literal("candor-gbdt-bundle"),
    prior: PriorSchema.nullable(),
    model: z.string().min(2),
    calibrator: CalibratorSchema,
  })
  .strict();

export type StoredGbdtBundle = z.infer<typeof StoredBundleSchema>;

export function storedBundle(bundle: GbdtBundle): StoredGbdtBundle {
  return { format: bundle.format, prior: bundle.prior, model: modelToJson(bundle.model), calibrator: bundle.calibrator };
}

export function parseGbdtBundle(params: unknown): GbdtBundle {
  const bundle = StoredBundleSchema.parse(params);
  return { ...bundle, model: modelFromJson(bundle.model) };
}

export function parsePriorModel(params: unknown): PriorModel {
  return PriorSchema.parse(params);
}

export function priorScorer(model: PriorModel): Scorer {
  return {
    algorithm: "prior",
    explain: (row) => explainPrior(model, row),
    probability: (explanation) => sigmoid(explanation.raw),
  };
}

export function gbdtScorer(bundle: GbdtBundle): Scorer {
  const names = bundle.model.features.map((f) => f.name);
  return {
    algorithm: "gbdt",
    explain(row) {
      const data = datasetFromRows([row], FEATURE_SCHEMA);
      const shap = treeShap(bundle.model, data, 0);
      const prior = bundle.prior === null ? null : explainPrior(bundle.prior, row);
      const contributions: Record<string, number> = { ...(prior?.contributions ?? {}) };
      names.forEach((name, i) => {
        contributions[name] = (contributions[name] ?? 0) + shap.contributions[i]!;
      });
      return {
        raw: predictRaw(bundle.model, data)[0]! + (prior?.raw ?? 0),
        base: shap.base + (prior?.base ?? 0),
        contributions,
      };
    },
    probability: (explanation) => calibratedProbability(bundle, explanation.raw),
  };
}

// Params never change once a version is stored, so a parsed scorer can be reused by id.
const cache = new Map<string, Scorer>();
const CACHE_LIMIT = 32;

export function scorerFor(version: { id: string; algorithm: string; params: unknown }): Scorer | null {
  const hit = cache.get(version.id);
  if (hit) return hit;
  let scorer: Scorer | null;
  if (version.algorithm === "gbdt") scorer = gbdtScorer(parseGbdtBundle(version.params));
  else if (version.algorithm === "prior") scorer = priorScorer(parsePriorModel(version.params));
  else scorer = null;
  if (scorer) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(version.id, scorer);
  }
  return scorer;
}
