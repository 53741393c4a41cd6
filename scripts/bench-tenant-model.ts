/**
 * The tenant-sized benchmark behind TENANT_GBDT_PARAMS (lib/scoring/tenant-model.ts): on the demo
 * tenant and seven other seeded tenants (about 290 closed leads each, so ~170 training rows), the
 * held-out figures of the cold-start prior alone, the GBDT engine's defaults and the tenant
 * parameters, both boosted from the prior, with the app's own split and calibration.
 *
 *   npx tsx scripts/bench-tenant-model.ts
 */
import { extractFeatures, trainingAsOf } from "../lib/scoring/features";
import { DEFAULT_PARAMS } from "../lib/scoring/gbdt";
import { priorModel, priorProbability } from "../lib/scoring/prior";
import { TENANT_GBDT_PARAMS, trainTenantGbdt, type Example } from "../lib/scoring/tenant-model";
import { generateDemoTenant } from "../prisma/demo/generate";

const SEEDS = [20261125, 1, 2, 3, 4, 5, 6, 7];
const prior = priorModel();
const baseline = { version: "prior", predict: (row: Example["row"]) => priorProbability(prior, row) };

function examples(seed: number): Example[] {
  const demo = generateDemoTenant({ seed, asOf: new Date("2026-07-01T00:00:00Z") });
  return demo.salesforce.leads
    .filter((l) => l.closedAt !== null)
    .map((l) => ({
      row: extractFeatures({ objectType: "Lead", fields: { ...l.fields }, activities: l.activities, createdAt: l.createdAt }, trainingAsOf(l.closedAt!)),
      label: (l.outcome === "WON" ? 1 : 0) as 0 | 1,
      weight: 1,
      at: l.closedAt!,
      source: "outcome" as const,
    }));
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const rows: string[] = [];
const tenants = SEEDS.map(examples);
for (const [name, params] of [["engine defaults", { ...DEFAULT_PARAMS }], ["tenant parameters", { ...TENANT_GBDT_PARAMS }]] as const) {
  const runs = tenants.map((t) => trainTenantGbdt(t, [], { baseline, startFrom: prior, params }));
  if (rows.length === 0) {
    rows.push(`| prior alone | ${mean(runs.map((r) => r.metrics.baselineTest.auc!)).toFixed(3)} | ${mean(runs.map((r) => r.metrics.baselineTest.logLoss)).toFixed(3)} | ${mean(runs.map((r) => r.metrics.baselineTest.ece)).toFixed(3)} | — |`);
  }
  const wins = runs.filter((r) => r.comparison.candidateWins).length;
  rows.push(`| GBDT from the prior, ${name} | ${mean(runs.map((r) => r.metrics.test.auc!)).toFixed(3)} | ${mean(runs.map((r) => r.metrics.test.logLoss)).toFixed(3)} | ${mean(runs.map((r) => r.metrics.test.ece)).toFixed(3)} | ${wins} of ${runs.length} |`);
}
console.log(`# Tenant-sized benchmark: ${SEEDS.length} seeded demo tenants, mean held-out figures\n`);
console.log("| model | AUC | log-loss | ECE | beats the prior |\n|---|---|---|---|---|");
for (const r of rows) console.log(r);
