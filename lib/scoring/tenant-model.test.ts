import { describe, expect, it } from "vitest";
import { generateDemoTenant } from "@/prisma/demo/generate";
import { compareOnHeldOut, evaluateProbabilities } from "./evaluation";
import { extractFeatures, FEATURE_NAMES, trainingAsOf, type FeatureRow } from "./features";
import { datasetFromRows, ece, predictRaw } from "./gbdt";
import { FEATURE_SCHEMA } from "./features";
import { explainPrior, priorModel, priorProbability } from "./prior";
import { gbdtScorer, predict } from "./scorer";
import { coldStartReason, trainTenantGbdt, type Example } from "./tenant-model";

const demo = generateDemoTenant({ seed: 20261125, asOf: new Date("2026-07-01T00:00:00Z") });
const outcomes: Example[] = demo.salesforce.leads
  .filter((l) => l.outcome !== "OPEN")
  .map((l) => ({
    row: extractFeatures({ objectType: "Lead", fields: { ...l.fields }, activities: l.activities, createdAt: l.createdAt }, trainingAsOf(l.closedAt!)),
    label: (l.outcome === "WON" ? 1 : 0) as 0 | 1,
    weight: 1,
    at: l.closedAt!,
    source: "outcome" as const,
  }))
  .sort((a, b) => a.at.getTime() - b.at.getTime());
const prior = priorModel();
const baseline = { version: "prior", predict: (row: FeatureRow) => priorProbability(prior, row) };

describe("trainTenantGbdt on the demo tenant", () => {
  const trained = trainTenantGbdt(outcomes, [], { baseline, startFrom: prior });

  it("is deterministic: the same seed gives an identical model; another seed does not", () => {
    const again = trainTenantGbdt(outcomes, [], { baseline, startFrom: prior });
    expect(JSON.stringify(again.bundle)).toBe(JSON.stringify(trained.bundle));
    expect(again.metrics).toEqual(trained.metrics);
    const other = trainTenantGbdt(outcomes, [], { baseline, startFrom: prior, seed: 7 });
    expect(JSON.stringify(other.bundle.model)).not.toBe(JSON.stringify(trained.bundle.model));
  });

  it("splits by close time without overlap: train < validation < test", () => {
    const { window, metrics } = trained;
    expect(window.trainTo.getTime()).toBeLessThanOrEqual(window.validFrom.getTime());
    expect(window.validTo.getTime()).toBeLessThanOrEqual(window.testFrom.getTime());
    expect(metrics.rows.train + metrics.rows.valid + metrics.rows.test).toBe(outcomes.length);
    expect(metrics.rows.test).toBeGreaterThan(0.15 * outcomes.length);
  });

  it("explains exactly: base + Σ contributions = the model's log-odds (prior margin + trees)", () => {
    const scorer = gbdtScorer(trained.bundle);
    for (const { row } of outcomes.slice(0, 60)) {
      const e = scorer.explain(row);
      const sum = Object.values(e.contributions).reduce((s, c) => s + c, e.base);
      expect(Math.abs(sum - e.raw)).toBeLessThan(1e-9);
      const trees = predictRaw(trained.bundle.model, datasetFromRows([row], FEATURE_SCHEMA))[0]!;
      expect(Math.abs(e.raw - (trees + explainPrior(prior, row).raw))).toBeLessThan(1e-12);
      expect(Object.keys(e.contributions).sort()).toEqual([...FEATURE_NAMES].sort());
    }
  });

  it("records held-out figures for itself and the baseline, and the decision rule's verdict", () => {
    const { test, baselineTest } = trained.metrics;
    expect(test.rows).toBe(trained.metrics.rows.test);
    expect(test.auc).toBeGreaterThan(0.6);
    expect(baselineTest.rows).toBe(test.rows);
    expect(trained.comparison.candidateWins).toBe(
      test.auc! >= baselineTest.auc! && test.logLoss < baselineTest.logLoss,
    );
  });

  it("counts reviewer labels in training only, never in the figures", () => {
    const open = demo.salesforce.leads.filter((l) => l.outcome === "OPEN").slice(0, 20);
    const labels: Example[] = open.map((l) => ({
      row: extractFeatures({ objectType: "Lead", fields: { ...l.fields }, activities: l.activities, createdAt: l.createdAt }, new Date("2026-07-01")),
      label: 1, weight: 0.5, at: new Date("2026-07-01"), source: "reviewer_label",
    }));
    const withLabels = trainTenantGbdt(outcomes, labels, { baseline, startFrom: prior });
    expect(withLabels.metrics.rows).toMatchObject({ ...trained.metrics.rows, reviewerLabels: 20 });
    expect(JSON.stringify(withLabels.bundle.model)).not.toBe(JSON.stringify(trained.bundle.model));
  });

  it("refuses to train in cold start", () => {
    expect(coldStartReason(outcomes)).toBeNull();
    expect(coldStartReason(outcomes.slice(0, 39))).toMatch(/39 closed records/);
    const fewWins = outcomes.filter((e) => e.label === 0).slice(0, 60).concat(outcomes.filter((e) => e.label === 1).slice(0, 9));
    expect(coldStartReason(fewWins)).toMatch(/9 converted/);
    expect(() => trainTenantGbdt(outcomes.slice(0, 20), [], { baseline })).toThrow(/too little history/);
  });
});

describe("calibration", () => {
  // A known truth and a model whose raw output is far off: boosted from a prior that assumes an 85 %
  // base rate, with too few, too small steps to correct it. σ(raw) is badly calibrated; the
  // calibrator fitted on the validation part makes the test part's numbers honest.
  function synthetic(n: number, seed: number): Example[] {
    let s = seed;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    return Array.from({ length: n }, (_, i) => {
      const row: FeatureRow = Object.fromEntries(FEATURE_NAMES.map((f) => [f, null]));
      row.meetings_30d = Math.floor(rnd() * 4);
      row.pricing_page_visits_7d = Math.floor(rnd() * 5);
      row.employees = Math.floor(rnd() * 5000);
      row.title_seniority = ["vp", "manager", "individual"][Math.floor(rnd() * 3)]!;
      const z = -2 + 0.6 * row.meetings_30d + 0.4 * row.pricing_page_visits_7d + (row.title_seniority === "vp" ? 0.8 : 0);
      return { row, label: (rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0) as 0 | 1, weight: 1, at: new Date(1_700_000_000_000 + i * 60_000), source: "outcome" as const };
    });
  }

  it.each([
    ["Platt (small validation part)", 3000, "platt"],
    ["isotonic (≥ 1000 validation rows)", 6000, "isotonic"],
  ])("%s brings test-set ECE down and matches the observed rate", (_name, n, kind) => {
    const rows = synthetic(n, 11);
    const trained = trainTenantGbdt(rows, [], {
      baseline: { version: "base rate", predict: () => 0.3 },
      startFrom: priorModel({ baseRate: 0.85, rules: [] }),
      params: { learningRate: 0.01, maxRounds: 20 },
    });
    expect(trained.metrics.calibration).toBe(kind);
    const test = rows.slice(rows.length - trained.metrics.rows.test);
    const y = Uint8Array.from(test, (e) => e.label);
    const scorer = gbdtScorer(trained.bundle);
    const uncalibrated = test.map((e) => 1 / (1 + Math.exp(-scorer.explain(e.row).raw)));
    const calibrated = test.map((e) => predict(scorer, e.row));
    expect(ece(calibrated, y)).toBeLessThan(0.07);
    expect(ece(uncalibrated, y)).toBeGreaterThan(0.2);
    const mean = calibrated.reduce((s, p) => s + p, 0) / calibrated.length;
    expect(Math.abs(mean - y.reduce((s: number, v) => s + v, 0) / y.length)).toBeLessThan(0.03);
    expect(trained.metrics.test.ece).toBeCloseTo(ece(calibrated, y), 10);
  });
});

describe("compareOnHeldOut", () => {
  const y = Uint8Array.from([0, 0, 1, 1, 0, 1]);
  const good = evaluateProbabilities([0.1, 0.2, 0.8, 0.7, 0.3, 0.9], y);
  const poor = evaluateProbabilities([0.5, 0.4, 0.5, 0.6, 0.5, 0.4], y);

  it("wins only with no worse AUC and a lower log-loss", () => {
    expect(compareOnHeldOut(good, poor, "prior")).toMatchObject({ candidateWins: true, baseline: { version: "prior" } });
    expect(compareOnHeldOut(poor, good, "prior").candidateWins).toBe(false);
    expect(compareOnHeldOut(good, good, "prior").candidateWins).toBe(false);
  });
});
