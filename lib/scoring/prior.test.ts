import { describe, expect, it } from "vitest";
import { extractFeatures } from "./features";
import { ColdStartRulesSchema, explainPrior, priorModel, priorProbability } from "./prior";

const row = extractFeatures(
  {
    objectType: "Lead",
    fields: { Title: "VP Sales", Email: "ann@acme.example", LeadSource: "Partner Referral", NumberOfEmployees: 400 },
    activities: [
      { kind: "pricing_page_visit", occurredAt: new Date("2026-05-30T10:00:00Z") },
      { kind: "demo_request", occurredAt: new Date("2026-05-29T10:00:00Z") },
      { kind: "meeting", occurredAt: new Date("2026-05-20T10:00:00Z") },
    ],
    createdAt: new Date("2026-05-01T00:00:00Z"),
  },
  new Date("2026-06-01T00:00:00Z"),
);

describe("the cold-start prior", () => {
  it("is exactly additive: base + Σ contributions = raw, base = log-odds of the base rate", () => {
    const e = explainPrior(priorModel(), row);
    expect(e.base).toBeCloseTo(Math.log(0.2 / 0.8), 12);
    expect(Math.abs(e.base + Object.values(e.contributions).reduce((s, c) => s + c, 0) - e.raw)).toBeLessThan(1e-12);
    expect(e.contributions.demo_requested).toBe(0.8);
    expect(e.contributions.pricing_page_visits_7d).toBeCloseTo(0.3, 12);
    expect(e.contributions.title_seniority).toBe(0);
  });

  it("applies admin rules to the feature they name and moves the intercept with baseRate", () => {
    const rules = ColdStartRulesSchema.parse({
      baseRate: 0.3,
      rules: [
        { feature: "title_seniority", when: { oneOf: ["vp", "c_level"] }, logOdds: 0.5, note: "we sell to execs" },
        { feature: "employees", when: { atLeast: 1000 }, logOdds: 1 },
      ],
    });
    const plain = explainPrior(priorModel(), row);
    const ruled = explainPrior(priorModel(rules), row);
    expect(ruled.base).toBeCloseTo(Math.log(0.3 / 0.7), 12);
    expect(ruled.contributions.title_seniority).toBe(0.5);
    expect(ruled.contributions.employees).toBe(0);
    expect(priorProbability(priorModel(rules), row)).toBeGreaterThan(priorProbability(priorModel(), row));
    expect(ruled.raw - plain.raw).toBeCloseTo(0.5 + ruled.base - plain.base, 12);
  });

  it("rejects rules on unknown features, empty conditions and markup", () => {
    expect(ColdStartRulesSchema.safeParse({ rules: [{ feature: "nope", when: { equals: 1 }, logOdds: 1 }] }).success).toBe(false);
    expect(ColdStartRulesSchema.safeParse({ rules: [{ feature: "industry", when: {}, logOdds: 1 }] }).success).toBe(false);
    expect(ColdStartRulesSchema.safeParse({ rules: [{ feature: "industry", when: { equals: "x" }, logOdds: 9 }] }).success).toBe(false);
    expect(ColdStartRulesSchema.safeParse({ rules: [{ feature: "industry", when: { equals: "x" }, logOdds: 1, note: "<b>" }] }).success).toBe(false);
  });
});
