// "What would raise this score": try one realistic next step per actionable feature and ask the
// model (any model, through `predict`) how much it would move. Pure what-if; it does not claim
// causality, only what the model would say about the changed record.
import type { FeatureRow } from "./features";

export interface Improvement {
  /** Imperative, for the rep: "Book a meeting". */
  action: string;
  /** The changed row, or null when the step does not apply (the demo was already requested). */
  apply(row: FeatureRow): FeatureRow | null;
}

export interface RaiseSuggestion {
  feature: string;
  action: string;
  /** Whole score points the step would add, as the rep would see them. */
  gain: number;
  probability: number;
  changes: Record<string, { from: number | string | null; to: number | string | null }>;
}

function count(row: FeatureRow, feature: string): number {
  const v = row[feature];
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

// Any new activity is also a touch: it resets recency and adds to the 90-day total.
function touched(row: FeatureRow, patch: FeatureRow): FeatureRow {
  return { ...row, ...patch, days_since_last_touch: 0, touches_90d: count(row, "touches_90d") + 1 };
}

function oneMore(feature: string, action: string): Improvement {
  return { action, apply: (row) => touched(row, { [feature]: count(row, feature) + 1 }) };
}

export const DEFAULT_IMPROVEMENTS: Record<string, Improvement> = {
  meetings_30d: oneMore("meetings_30d", "Book a meeting"),
  calls_30d: oneMore("calls_30d", "Call them"),
  email_replies_30d: oneMore("email_replies_30d", "Get a reply to your last email"),
  pricing_page_visits_7d: oneMore("pricing_page_visits_7d", "Send them the pricing page"),
  webinars_90d: oneMore("webinars_90d", "Invite them to a webinar"),
  demo_requested: {
    action: "Offer a demo",
    apply: (row) => (count(row, "demo_requested") >= 1 ? null : touched(row, { demo_requested: 1 })),
  },
  days_since_last_touch: {
    action: "Reach out today",
    apply: (row) => (row.days_since_last_touch === 0 ? null : touched(row, {})),
  },
  has_phone: {
    action: "Add a phone number",
    apply: (row) => (count(row, "has_phone") >= 1 ? null : { ...row, has_phone: 1 }),
  },
};

const toPoints = (p: number): number => Math.round(100 * p);

export function whatWouldRaise(input: {
  row: FeatureRow;
  actionable: readonly string[];
  predict: (row: FeatureRow) => number;
  improvements?: Record<string, Improvement>;
  limit?: number;
}): RaiseSuggestion[] {
  const improvements = input.improvements ?? DEFAULT_IMPROVEMENTS;
  const current = input.predict(input.row);
  const found: Array<RaiseSuggestion & { exact: number }> = [];
  for (const feature of [...new Set(input.actionable)].sort()) {
    const improvement = improvements[feature];
    const changed = improvement?.apply(input.row);
    if (!improvement || !changed) continue;
    const probability = input.predict(changed);
    const gain = toPoints(probability) - toPoints(current);
    if (gain <= 0) continue;
    const changes: RaiseSuggestion["changes"] = {};
    for (const key of Object.keys(changed)) {
      if (changed[key] !== input.row[key]) changes[key] = { from: input.row[key] ?? null, to: changed[key] ?? null };
    }
    found.push({ feature, action: improvement.action, gain, probability, changes, exact: probability - current });
  }
  return found
    .sort((a, b) => b.exact - a.exact || a.feature.localeCompare(b.feature))
    .slice(0, input.limit ?? 3)
    .map(({ exact: _exact, ...suggestion }) => suggestion);
}
