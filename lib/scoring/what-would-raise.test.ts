import { describe, expect, it } from "vitest";
import type { FeatureRow } from "./features";
import { sigmoid } from "./model";
import { whatWouldRaise } from "./what-would-raise";

// A stand-in model: any function from row to probability plugs in.
const predict = (row: FeatureRow): number => {
  const n = (k: string) => (typeof row[k] === "number" ? (row[k] as number) : 0);
  const stale = row.days_since_last_touch === null ? 60 : n("days_since_last_touch");
  return sigmoid(-1.5 + 0.6 * n("meetings_30d") + 1.0 * n("demo_requested") + 0.2 * n("calls_30d") - 0.02 * stale + 0.1 * n("has_phone"));
};

const row: FeatureRow = { meetings_30d: 0, demo_requested: 0, calls_30d: 1, days_since_last_touch: 30, has_phone: 1, touches_90d: 4, employees: 300 };

describe("whatWouldRaise", () => {
  it("tries one realistic step per actionable feature and returns the top three by gain", () => {
    const out = whatWouldRaise({
      row,
      actionable: ["meetings_30d", "demo_requested", "calls_30d", "days_since_last_touch", "has_phone", "employees"],
      predict,
    });
    expect(out.map((s) => s.action)).toEqual(["Offer a demo", "Book a meeting", "Call them"]);
    const base = Math.round(100 * predict(row));
    for (const s of out) {
      expect(s.gain).toBe(Math.round(100 * s.probability) - base);
      expect(s.gain).toBeGreaterThan(0);
    }
    expect(out[1]?.changes).toEqual({
      meetings_30d: { from: 0, to: 1 },
      days_since_last_touch: { from: 30, to: 0 },
      touches_90d: { from: 4, to: 5 },
    });
  });

  it("skips steps that do not apply or do not help, and never mutates the row", () => {
    const done = { ...row, demo_requested: 1, days_since_last_touch: 0 };
    const snapshot = structuredClone(done);
    const out = whatWouldRaise({ row: done, actionable: ["demo_requested", "days_since_last_touch", "has_phone"], predict, limit: 5 });
    expect(out).toEqual([]);
    expect(done).toEqual(snapshot);
  });

  it("treats a missing count as zero and respects the limit", () => {
    const sparse: FeatureRow = { meetings_30d: null, days_since_last_touch: null };
    const out = whatWouldRaise({ row: sparse, actionable: ["meetings_30d", "days_since_last_touch", "calls_30d"], predict, limit: 1 });
    expect(out).toHaveLength(1);
    expect(out[0]?.feature).toBe("meetings_30d");
    expect(out[0]?.changes.meetings_30d).toEqual({ from: null, to: 1 });
  });
});
