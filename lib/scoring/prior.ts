// The cold-start model: what Candor scores with before a tenant has enough closed history to train
// its own (see COLD_START in ./tenant-model.ts). It is a transparent, hand-set additive model over
// the same feature rows as the trained models, so reasons, points and "what would raise it" work
// unchanged, and the panel labels it "cold start".
//
// The weights encode common B2B lead-qualification practice, not any tenant's data: they were
// written down once, never fitted. Each term is 0 for a typical lead,
// so the base value is the intercept (the log-odds of the assumed base rate) and a feature's
// contribution is its term: base + Σ contributions = raw exactly, with no approximation.
//
// Admins adjust it per tenant with rules (TenantSetting "cold_start_rules"): a rule adds log-odds to
// one feature's contribution when the record's value matches, and `baseRate` moves the intercept.
import { z } from "zod";
import { FEATURE_NAMES, type FeatureName, type FeatureRow } from "./features";
import { sigmoid, type ModelExplanation } from "./model";

export const PRIOR_TERMS_VERSION = 1 as const;
/** Typical share of B2B leads that convert when nothing else is known. */
export const DEFAULT_PRIOR_BASE_RATE = 0.2;

const num = (v: FeatureRow[string]): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const capped = (weight: number, cap: number) => (v: FeatureRow[string]) => weight * Math.min(num(v) ?? 0, cap);

/**
 * One term per feature, in log-odds. Only buying intent is given weight: engagement, its recency,
 * a demo request. Those point the same way for every B2B seller. Fit (seniority, company size,
 * industry, lead source, email domain) is left at 0 on purpose: who buys differs from one business
 * to the next (some sell to founders of 10-person firms, some to enterprise IT), so a generic guess
 * would be wrong for many tenants; admins who know their buyer add it as rules. Counts are capped:
 * the fifth pricing visit says little more than the third.
 */
const TERMS: Record<FeatureName, (v: FeatureRow[string]) => number> = {
  pricing_page_visits_7d: capped(0.3, 3),
  web_visits_30d: capped(0.05, 6),
  email_opens_30d: capped(0.03, 5),
  email_replies_30d: capped(0.25, 3),
  meetings_30d: capped(0.4, 2),
  calls_30d: capped(0.1, 3),
  webinars_90d: capped(0.15, 2),
  // Every touch is already counted by kind above; counting the total too would double it.
  touches_90d: () => 0,
  demo_requested: (v) => (num(v) === 1 ? 0.8 : 0),
  days_since_last_touch: (v) => {
    const d = num(v);
    if (d === null) return -0.3;
    if (d <= 7) return 0.2;
    if (d <= 30) return 0;
    return d <= 60 ? -0.3 : -0.6;
  },
  lead_age_days: () => 0,
  employees: () => 0,
  annual_revenue: () => 0,
  has_phone: () => 0,
  free_email: () => 0,
  title_seniority: () => 0,
  industry: () => 0,
  lead_source: () => 0,
};

const FeatureEnum = z.enum(FEATURE_NAMES as unknown as [FeatureName, ...FeatureName[]]);
const Scalar = z.union([z.string().max(80), z.number().finite(), z.null()]);

export const ColdStartRuleSchema = z
  .object({
    feature: FeatureEnum,
    /** All given conditions must hold. */
    when: z
      .object({
        equals: Scalar.optional(),
        oneOf: z.array(z.string().max(80)).min(1).max(20).optional(),
        atLeast: z.number().finite().optional(),
        atMost: z.number().finite().optional(),
      })
      .strict()
      .refine((w) => Object.keys(w).length > 0, "a rule needs at least one condition"),
    logOdds: z.number().min(-3).max(3),
    note: z.string().max(200).regex(/^[^<>]*$/).optional(),
  })
  .strict();

export const ColdStartRulesSchema = z
  .object({
    baseRate: z.number().min(0.01).max(0.9).optional(),
    rules: z.array(ColdStartRuleSchema).max(50).default([]),
  })
  .strict();

export type ColdStartRule = z.infer<typeof ColdStartRuleSchema>;
export type ColdStartRules = z.infer<typeof ColdStartRulesSchema>;

/** What a prior ModelVersion stores in `params`: enough to reproduce every score it made. */
export interface PriorModel {
  algorithm: "prior";
  termsVersion: typeof PRIOR_TERMS_VERSION;
  baseRate: number;
  rules: ColdStartRule[];
}

export function priorModel(rules: ColdStartRules = { rules: [] }): PriorModel {
  return {
    algorithm: "prior",
    termsVersion: PRIOR_TERMS_VERSION,
    baseRate: rules.baseRate ?? DEFAULT_PRIOR_BASE_RATE,
    rules: rules.rules,
  };
}

function matches(rule: ColdStartRule, value: FeatureRow[string]): boolean {
  const { equals, oneOf, atLeast, atMost } = rule.when;
  if (equals !== undefined && (value ?? null) !== equals) return false;
  if (oneOf !== undefined && !(typeof value === "string" && oneOf.includes(value))) return false;
  const n = num(value);
  if (atLeast !== undefined && (n === null || n < atLeast)) return false;
  if (atMost !== undefined && (n === null || n > atMost)) return false;
  return true;
}

export function explainPrior(model: PriorModel, row: FeatureRow): ModelExplanation {
  const base = Math.log(model.baseRate / (1 - model.baseRate));
  const contributions: Record<string, number> = {};
  for (const feature of FEATURE_NAMES) contributions[feature] = TERMS[feature](row[feature] ?? null);
  for (const rule of model.rules) {
    if (matches(rule, row[rule.feature] ?? null)) contributions[rule.feature] = (contributions[rule.feature] ?? 0) + rule.logOdds;
  }
  const raw = Object.values(contributions).reduce((s, c) => s + c, base);
  return { raw, base, contributions };
}

/** The prior is not fitted, so there is nothing to calibrate against: its probability is σ(raw). */
export function priorProbability(model: PriorModel, row: FeatureRow): number {
  return sigmoid(explainPrior(model, row).raw);
}
