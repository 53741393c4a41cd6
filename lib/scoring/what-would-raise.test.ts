import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FeatureRow } from "./features";
import { sigmoid } from "./model";
import { TOUCH_OVERDUE_DAYS, whatWouldRaise } from "./what-would-raise";

// A stand-in model: any function from row to probability plugs in.
const predict = (row: FeatureRow): number => {
  const n = (k: string) => (typeof row[k] === "number" ? (row[k] as number) : 0);
  const stale = row.days_since_last_touch === null ? 60 : n("days_since_last_touch");
  return sigmoid(
    -1.5 + 0.6 * n("meetings_30d") + 1.0 * n("demo_requested") + 0.2 * n("calls_30d") - 0.02 * stale + 0.1 * n("has_phone") +
      0.3 * n("pricing_page_visits_7d") + 0.4 * n("email_replies_30d") + 0.2 * n("webinars_90d"),
  );
};

const ACTIONABLE = [
  "meetings_30d", "demo_requested", "calls_30d", "days_since_last_touch", "has_phone", "pricing_page_visits_7d", "email_replies_30d",
  "webinars_90d", "employees",
];

// A lead nobody has reached yet, one in conversation (they answered a call), and one deep in a
// sales cycle.
const cold: FeatureRow = {
  meetings_30d: 0, demo_requested: 0, calls_30d: 0, days_since_last_touch: 30, has_phone: 0, touches_90d: 1, pricing_page_visits_7d: 0,
  email_opens_30d: 0, email_replies_30d: 0, webinars_90d: 0, employees: 300,
};
const talking: FeatureRow = { ...cold, calls_30d: 1, has_phone: 1, days_since_last_touch: 3, touches_90d: 3, email_opens_30d: 2 };
const engaged: FeatureRow = {
  meetings_30d: 2, demo_requested: 1, calls_30d: 3, days_since_last_touch: 2, has_phone: 1, touches_90d: 14, pricing_page_visits_7d: 0,
  email_opens_30d: 6, email_replies_30d: 0, webinars_90d: 1, employees: 300,
};
const all = (row: FeatureRow) => whatWouldRaise({ row, actionable: ACTIONABLE, predict, limit: 10 });

describe("whatWouldRaise", () => {
  it("offers the steps a rep can take on this record, best first, with the gain the model gives the changed record", () => {
    const out = all(talking);
    expect(out.map((s) => s.action)).toEqual([
      "Offer a demo", "Book a meeting", "Follow up on the emails they opened", "Send them the pricing page", "Invite them to a webinar",
    ]);
    const base = Math.round(100 * predict(talking));
    for (const s of out) {
      expect(s.gain).toBe(Math.round(100 * s.probability) - base);
      expect(s.gain).toBeGreaterThan(0);
    }
    expect(out[1]?.changes).toEqual({
      meetings_30d: { from: 0, to: 1 },
      days_since_last_touch: { from: 3, to: 0 },
      touches_90d: { from: 3, to: 4 },
    });
  });

  it("starts a lead nobody has reached with first steps, not a meeting or a demo", () => {
    expect(all(cold).map((s) => s.action)).toEqual(["Invite them to a webinar", "Reach out today", "Add their phone number to the record"]);
    expect(all({ ...cold, has_phone: 1 }).map((s) => s.action)).toContain("Call them");
  });

  it("never offers a step the record has already taken: no meeting when one is booked, no demo when one was requested", () => {
    const actions = all(engaged).map((s) => s.action);
    expect(actions).toEqual(["Follow up on the emails they opened", "Send them the pricing page"]);
    for (const taken of ["Book a meeting", "Offer a demo", "Call them", "Reach out today", "Invite them to a webinar", "Add their phone number to the record"]) {
      expect(actions).not.toContain(taken);
    }
  });

  it("gives records of different profiles different advice", () => {
    const top = (row: FeatureRow) => all(row).map((s) => s.action);
    expect(new Set([top(cold), top(talking), top(engaged)].map((a) => a.join()))).toHaveProperty("size", 3);
    expect(top({ ...talking, demo_requested: 1 })).not.toContain("Offer a demo");
    expect(top({ ...cold, days_since_last_touch: TOUCH_OVERDUE_DAYS - 1 })).not.toContain("Reach out today");
    expect(top({ ...cold, days_since_last_touch: null })).toContain("Reach out today");
  });

  it("asks for a follow-up only on emails they opened", () => {
    const out = (opens: number) => all({ ...engaged, email_opens_30d: opens });
    expect(out(0).map((s) => s.feature)).not.toContain("email_replies_30d");
    expect(out(1).map((s) => s.feature)).toContain("email_replies_30d");
  });

  it("states the counterfactual exactly: applying the changes and rescoring gives the gain", () => {
    const count = fc.nat({ max: 4 });
    const rows = fc.record({
      meetings_30d: count, demo_requested: fc.constantFrom(0, 1), calls_30d: count, has_phone: fc.constantFrom(0, 1),
      days_since_last_touch: fc.option(fc.nat({ max: 90 }), { nil: null }), touches_90d: fc.nat({ max: 30 }), pricing_page_visits_7d: count,
      email_opens_30d: count, email_replies_30d: count, webinars_90d: count,
    });
    fc.assert(
      fc.property(rows, (row) => {
        const before = structuredClone(row);
        for (const s of whatWouldRaise({ row, actionable: ACTIONABLE, predict, limit: 10 })) {
          const changed: FeatureRow = { ...row, ...Object.fromEntries(Object.entries(s.changes).map(([k, v]) => [k, v.to])) };
          expect(Math.round(100 * predict(changed)) - Math.round(100 * predict(row))).toBe(s.gain);
        }
        expect(row).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it("respects the limit and skips steps that do not add a whole point", () => {
    expect(whatWouldRaise({ row: cold, actionable: ACTIONABLE, predict, limit: 1 })).toHaveLength(1);
    const flat = () => 0.3;
    expect(whatWouldRaise({ row: cold, actionable: ACTIONABLE, predict: flat })).toEqual([]);
  });
});
