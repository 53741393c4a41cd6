/**
 * Model benchmark on UCI bank-marketing: Candor's GBDT against scikit-learn's
 * HistGradientBoostingClassifier and XGBoost on the same rows, plus the engine's targets.
 *
 *   npx tsx scripts/bench-model.ts [path/to/bank-full.csv]
 *
 * Split: seeded stratified 75/25 train/test; 15 % of train (stratified) is held out for early
 * stopping and for fitting the calibrators. The reference learners train on the full 75 %.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import {
  type GbdtModel,
  auc,
  calibrateAll,
  ece,
  fitIsotonic,
  fitPlatt,
  liftAt,
  logLoss,
  modelToJson,
  predictRaw,
  sigmoid,
  stratifiedSplit,
  takeLabels,
  takeRows,
  trainGbdt,
} from "../lib/scoring/gbdt";
import { DEFAULT_BANK_CSV, loadBankCsv } from "./bench/bank-data";
import { type ReferenceLearner, runReference } from "./bench/reference";

const SPLIT_SEED = 42;
const TEST_FRACTION = 0.25;
const VALID_FRACTION = 0.15;
const TRAIN_REPEATS = 3;
const SCORING_RUNS = 7;
const TARGETS = { aucGap: 0.005, trainTimeRatio: 10, recordsPerSecond: 100_000 };

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function main(): void {
  const csvPath = process.argv[2] === undefined ? DEFAULT_BANK_CSV : path.resolve(process.argv[2]);
  if (!existsSync(csvPath)) {
    console.error(`bank-marketing CSV not found at ${csvPath}; pass its path as the first argument.`);
    process.exitCode = 2;
    return;
  }
  const { data, y } = loadBankCsv(csvPath);
  const split = stratifiedSplit(y, TEST_FRACTION, SPLIT_SEED);
  const trainAll = takeRows(data, split.train);
  const yTrainAll = takeLabels(y, split.train);
  const inner = stratifiedSplit(yTrainAll, VALID_FRACTION, SPLIT_SEED + 1);
  const fit = { data: takeRows(trainAll, inner.train), y: takeLabels(yTrainAll, inner.train) };
  const valid = { data: takeRows(trainAll, inner.test), y: takeLabels(yTrainAll, inner.test) };
  const test = { data: takeRows(data, split.test), y: takeLabels(y, split.test) };

  const timings: number[] = [];
  const jsons = new Set<string>();
  let model: GbdtModel | null = null;
  for (let i = 0; i < TRAIN_REPEATS; i++) {
    const start = performance.now();
    model = trainGbdt(fit.data, fit.y, valid);
    timings.push((performance.now() - start) / 1000);
    jsons.add(modelToJson(model));
  }
  if (model === null) throw new Error("unreachable");
  const trainSeconds = median(timings);

  const rawTest = predictRaw(model, test.data);
  const probTest = rawTest.map(sigmoid);
  const rawValid = predictRaw(model, valid.data);
  const isotonic = calibrateAll(fitIsotonic(rawValid, valid.y), rawTest);
  const platt = calibrateAll(fitPlatt(rawValid, valid.y), rawTest);
  const recordsPerSecond = scoringThroughput(model, test.data);

  console.log(`# Candor GBDT benchmark — bank-marketing (${csvPath})\n`);
  console.log(
    `rows: ${data.nRows} (train ${split.train.length} = fit ${fit.data.nRows} + early-stopping/calibration ` +
      `${valid.data.nRows}; test ${split.test.length}); positives in test ${(mean(test.y) * 100).toFixed(2)} %`,
  );
  console.log(
    `Candor: ${model.trees.length} trees (best iteration ${model.training.bestIteration} of ` +
      `${model.training.rounds} rounds), train time median of ${TRAIN_REPEATS} runs: ` +
      `${timings.map((t) => t.toFixed(2)).join(" / ")} s; identical model JSON across runs: ${jsons.size === 1}`,
  );
  console.log(
    `machine: ${availableParallelism()} logical CPUs, Node ${process.version}; Candor trains and scores on one ` +
      "thread, the reference learners use all cores (OpenMP)\n",
  );

  const reference = runReference(csvPath, split.train, split.test);
  const rows: string[][] = [
    ["Candor GBDT (raw)", f4(auc(rawTest, test.y)), f4(logLoss(probTest, test.y)), f4(ece(probTest, test.y)),
      f2(liftAt(rawTest, test.y, 0.1)), trainSeconds.toFixed(2), Math.round(recordsPerSecond).toLocaleString("en-US")],
    ["Candor GBDT + isotonic", f4(auc(isotonic, test.y)), f4(logLoss(isotonic, test.y)), f4(ece(isotonic, test.y)),
      f2(liftAt(isotonic, test.y, 0.1)), "", ""],
    ["Candor GBDT + Platt", f4(auc(platt, test.y)), f4(logLoss(platt, test.y)), f4(ece(platt, test.y)),
      f2(liftAt(platt, test.y, 0.1)), "", ""],
  ];
  let hgb: ReferenceLearner | undefined;
  let xgb: ReferenceLearner | undefined;
  if (reference.ok) {
    for (const learner of reference.learners) {
      const proba = Float64Array.from(learner.proba);
      rows.push([learner.name, f4(learner.auc), f4(learner.logLoss), f4(ece(proba, test.y)),
        f2(liftAt(proba, test.y, 0.1)), learner.trainSeconds.toFixed(2), ""]);
    }
    hgb = reference.learners.find((l) => l.name.includes("HistGradientBoosting"));
    xgb = reference.learners.find((l) => l.name.startsWith("XGBoost"));
  }
  printTable(["learner", "test AUC", "test log-loss", "ECE (10 bins)", "lift top 10 %", "train s", "scoring rec/s"], rows);
  if (!reference.ok) console.log(`\nReference comparison skipped: ${reference.reason}.`);
  else {
    const drift = reference.learners.map((l) => Math.abs(auc(Float64Array.from(l.proba), test.y) - l.auc));
    console.log(`\n(Candor's auc() on the reference probabilities matches sklearn's to ${Math.max(...drift).toExponential(1)}.)`);
  }

  const checks: Array<[string, boolean | null, string]> = [
    xgb === undefined
      ? ["test AUC within 0.005 of XGBoost", null, "skipped (no XGBoost)"]
      : [
          "test AUC within 0.005 of XGBoost",
          auc(rawTest, test.y) >= xgb.auc - TARGETS.aucGap,
          `${f4(auc(rawTest, test.y))} vs ${f4(xgb.auc)} (Δ ${(auc(rawTest, test.y) - xgb.auc).toFixed(4)})`,
        ],
    hgb === undefined
      ? ["train time ≤ 10× HistGradientBoosting", null, "skipped (no scikit-learn)"]
      : [
          "train time ≤ 10× HistGradientBoosting",
          trainSeconds <= TARGETS.trainTimeRatio * hgb.trainSeconds,
          `${trainSeconds.toFixed(2)} s vs ${hgb.trainSeconds.toFixed(2)} s (${(trainSeconds / hgb.trainSeconds).toFixed(1)}×)`,
        ],
    [
      "scoring ≥ 100,000 records/s on one core",
      recordsPerSecond >= TARGETS.recordsPerSecond,
      `${Math.round(recordsPerSecond).toLocaleString("en-US")} records/s`,
    ],
    ["same seed ⇒ identical model JSON", jsons.size === 1, `${TRAIN_REPEATS} runs`],
  ];
  console.log("\n## Target checks\n");
  printTable(
    ["target", "result", "measured"],
    checks.map(([name, ok, detail]) => [name, ok === null ? "SKIPPED" : ok ? "PASS" : "FAIL", detail]),
  );
  if (checks.some(([, ok]) => ok === false)) process.exitCode = 1;
}

/** Median over runs of (test rows × repeats) / elapsed, each run long enough to time reliably. */
function scoringThroughput(model: GbdtModel, data: Parameters<typeof predictRaw>[1]): number {
  predictRaw(model, data);
  const rates: number[] = [];
  for (let run = 0; run < SCORING_RUNS; run++) {
    let scored = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < 250) {
      predictRaw(model, data);
      scored += data.nRows;
      elapsed = performance.now() - start;
    }
    rates.push(scored / (elapsed / 1000));
  }
  return median(rates);
}

function mean(y: Uint8Array): number {
  let s = 0;
  for (const v of y) s += v;
  return s / y.length;
}

const f4 = (x: number) => x.toFixed(4);
const f2 = (x: number) => x.toFixed(2);

function printTable(header: string[], rows: string[][]): void {
  console.log(`| ${header.join(" | ")} |`);
  console.log(`|${header.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}

main();
