// "What would raise this score": for each step a rep can still take on this record, build the
// changed record (the counterfactual) and ask the same model (any model, through `predict`) for its
// score. Steps that do not apply to the record (a meeting already booked, a demo already requested)
// are never offered. Pure what-if: it does not claim causality, only what the model says about the
// changed record.
import type { FeatureRow } from "./features";

export interface Improvement {
  /** Imperative, for the rep: "Book a meeting". */
  action: string;
  /**
   * The record as it would be after the step, or null when a rep cannot take it for this record
   * (a meeting is already on the books, the demo was requested, they were touched this week).
   */
  apply(row: FeatureRow): FeatureRow | null;
}

export interface RaiseSuggestion {
  feature: string;
  action: string;
  /** Whole score points the step would add, as the rep would see them. */
  gain: number;
  probability: number;
  /** The counterfactual: the inputs the step changes; rescoring the record with them gives the gain. */
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

/** The first of a kind of activity, offered only while the record has none in the feature's window. */
function first(feature: string, action: string, when: (row: FeatureRow) => boolean = () => true): Improvement {
  return { action, apply: (row) => (count(row, feature) === 0 && when(row) ? touched(row, { [feature]: 1 }) : null) };
}

/** A touch is overdue after a week without one; sooner, "reach out" is not advice. */
export const TOUCH_OVERDUE_DAYS = 7;

// Where the record stands decides which steps exist for the rep: a meeting or a demo needs someone
// who talks back (a reply, a call or a meeting in the last 30 days), a call needs a number, a
// pricing page is sent to someone who reads the emails.
const inConversation = (row: FeatureRow) => count(row, "email_replies_30d") + count(row, "calls_30d") + count(row, "meetings_30d") > 0;
const readsEmails = (row: FeatureRow) => count(row, "email_opens_30d") > 0;
const hasPhone = (row: FeatureRow) => count(row, "has_phone") >= 1;

export const DEFAULT_IMPROVEMENTS: Record<string, Improvement> = {
  meetings_30d: first("meetings_30d", "Book a meeting", inConversation),
  demo_requested: first("demo_requested", "Offer a demo", inConversation),
  calls_30d: first("calls_30d", "Call them", hasPhone),
  // A reply is theirs to give; following up on emails they opened is the rep's step towards it.
  email_replies_30d: first("email_replies_30d", "Follow up on the emails they opened", readsEmails),
  pricing_page_visits_7d: first("pricing_page_visits_7d", "Send them the pricing page", (row) => inConversation(row) || readsEmails(row)),
  webinars_90d: first("webinars_90d", "Invite them to a webinar"),
  days_since_last_touch: {
    action: "Reach out today",
    apply: (row) => {
      const days = row.days_since_last_touch;
      if (typeof days === "number" && days < TOUCH_OVERDUE_DAYS) return null;
      return touched(row, {});
    },
  },
  has_phone: {
    action: "Add their phone number to the record",
    apply: (row) => (hasPhone(row) ? null : { ...row, has_phone: 1 }),
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
