import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { InsightDto } from "@/lib/records/insight";
import { UnscoredRecord } from "./record-states";

const record = { id: "r1", name: "Ada Lovelace", provider: "SALESFORCE", objectType: "Lead", externalId: "00Q1", lastSyncedAt: "2026-06-01T00:00:00.000Z" };
const insight = (status: InsightDto["status"]): InsightDto => ({
  record, status, score: null, stale: null, summary: null, override: null, flags: [],
  can: { flag: false, override: false, reasons: true, summary: true }, privacy: { mode: "masked", note: null },
});
const text = (status: InsightDto["status"]) =>
  renderToStaticMarkup(<UnscoredRecord data={insight(status)} />).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();

describe("UnscoredRecord", () => {
  it("says a closed record is not scored, because of what happened, and never promises a score", () => {
    const out = text({
      kind: "closed", because: "this lead was converted", note: "Candor scores open records only.", closedAt: "2026-05-03T10:00:00.000Z",
      lastScore: { value: 71, computedAt: "2026-05-01T00:00:00.000Z" },
    });
    expect(out).toContain("Not scored, because this lead was converted on May 3, 2026.");
    expect(out).toContain("Its last score while open was 71");
    expect(out).not.toMatch(/within seconds|yet/);
  });

  it("says why an open record has no score yet and what happens next", () => {
    const out = text({ kind: "not_scored", because: "no model scores leads yet", next: "Someone can train one.", pending: false });
    expect(out).toContain("Not scored yet, because no model scores leads yet. Someone can train one.");
  });
});
