import { describe, expect, it } from "vitest";
import { closedBecause, notScoredWords, STALE_AFTER_DAYS, staleness } from "./record-words";

describe("closedBecause", () => {
  it("says why each kind of closed record has no score", () => {
    expect(closedBecause("Lead", "WON", {})).toBe("this lead was converted");
    expect(closedBecause("Lead", "LOST", { Status: "Closed - Not Converted" })).toBe("this lead was closed as “Closed - Not Converted”");
    expect(closedBecause("Lead", "LOST", {})).toBe("this lead was closed without converting");
    expect(closedBecause("Opportunity", "WON", {})).toBe("this opportunity was won");
    expect(closedBecause("deal", "LOST", {})).toBe("this deal was lost");
    expect(closedBecause("Account", "WON", {})).toBe("this account is already a customer");
    expect(closedBecause("contact", "WON", {})).toBe("this contact is already a customer");
    expect(closedBecause("company", "WON", {})).toBe("this company is already a customer");
    expect(closedBecause("contact", "LOST", {})).toBe("this contact was marked unqualified");
  });
});

describe("notScoredWords", () => {
  it("never promises a score that is not coming", () => {
    expect(notScoredWords("no_model", "deal", "HUBSPOT").because).toBe("no model scores deals yet");
    expect(notScoredWords("external_model", "Lead", "SALESFORCE").next).toMatch(/as soon as your model sends it/);
    expect(notScoredWords("queued", "Lead", "SALESFORCE").because).toBe("Candor is scoring this lead now");
    expect(notScoredWords("not_yet", "contact", "HUBSPOT").next).toBe("The next change to it in HubSpot, or the next full rescore, scores it.");
  });
});

describe("staleness", () => {
  const computedAt = new Date("2026-06-01T00:00:00Z");
  const base = { computedAt, model: { version: "v1", active: true }, activeVersion: "v1", objectType: "Lead", provider: "SALESFORCE" };
  const days = (n: number) => new Date(computedAt.getTime() + n * 86_400_000);

  it("is fresh while the model is active and the score is young", () => {
    expect(staleness({ ...base, now: days(STALE_AFTER_DAYS) })).toBeNull();
  });

  it("says the score is old and why, from the day after the limit", () => {
    const s = staleness({ ...base, now: days(STALE_AFTER_DAYS + 1) });
    expect(s?.computedAt).toBe(computedAt.toISOString());
    expect(s?.because).toEqual([expect.stringMatching(/^Time-based factors .* have moved since\. Any change to the lead in Salesforce rescores it\.$/)]);
  });

  it("says which model replaced the one that made it", () => {
    const s = staleness({ ...base, model: { version: "v1", active: false }, activeVersion: "v2", now: days(1) });
    expect(s?.because).toEqual(["Model v1 made it, and v2 has replaced that model since; the rescore that follows a change of model has not reached this lead yet."]);
    expect(staleness({ ...base, model: { version: "v1", active: false }, activeVersion: null, now: days(1) })?.because).toEqual([
      "Model v1 made it, and that model is no longer active.",
    ]);
  });
});
