import { describe, expect, it } from "vitest";
import { type NumericColumn, datasetFromRows } from "./dataset";
import { auc, logLoss } from "./metrics";
import { type CategoricalSplitNode, modelToJson } from "./model";
import { predictProba, predictRaw } from "./predict";
import { LETTERS, mixedRule, synthetic } from "@/test/support/gbdt";
import { meanLogLossFromRaw, trainGbdt } from "./train";

const FAST = { maxRounds: 60, learningRate: 0.2, earlyStoppingRounds: 10 };

describe("trainGbdt", () => {
  it("learns a clean rule (AUC > 0.9 on held-out rows)", () => {
    const rule = (r: { x0: number; x1: number }) => r.x0 + 0.5 * (Number.isNaN(r.x1) ? 0 : r.x1) > 0.1;
    const train = synthetic(2000, 1, rule, 0.05);
    const test = synthetic(1000, 2, rule, 0.05);
    const model = trainGbdt(train.data, train.y, null, FAST);
    expect(auc(predictRaw(model, test.data), test.y)).toBeGreaterThan(0.9);
  });

  it("is bit-reproducible for a seed and varies with the seed when sampling", () => {
    const { data, y } = synthetic(1500, 3, mixedRule);
    const params = { ...FAST, maxRounds: 20, subsample: 0.7, colsample: 0.6 };
    const a = modelToJson(trainGbdt(data, y, null, { ...params, seed: 11 }));
    const b = modelToJson(trainGbdt(data, y, null, { ...params, seed: 11 }));
    const c = modelToJson(trainGbdt(data, y, null, { ...params, seed: 12 }));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it("uses a feature that is informative only through missingness", () => {
    const { data, y } = synthetic(2000, 4, (r, rng) => rng() < (Number.isNaN(r.x1) ? 0.9 : 0.1));
    const model = trainGbdt(data, y, null, { ...FAST, maxRounds: 10 });
    const x1 = model.features.findIndex((f) => f.name === "x1");
    const root = model.trees[0]!.nodes[0]!;
    expect(root.kind === "numeric" && root.feature === x1).toBe(true);
    const scored = predictProba(model, data);
    const x1Values = (data.columns[1] as NumericColumn).values;
    const meanWhere = (missing: boolean) => {
      const picked = [...scored].filter((_, i) => Number.isNaN(x1Values[i]) === missing);
      return picked.reduce((s, p) => s + p, 0) / picked.length;
    };
    expect(meanWhere(true) - meanWhere(false)).toBeGreaterThan(0.6);
    expect(auc(scored, y)).toBeGreaterThan(0.75);
  });

  it("finds a category-set split (categories b, d, f vs the rest)", () => {
    const inSet = new Set([1, 3, 5]);
    const { data, y } = synthetic(3000, 5, (r) => inSet.has(r.cat), 0.02);
    const model = trainGbdt(data, y, null, { ...FAST, maxRounds: 10 });
    const root = model.trees[0]!.nodes[0]! as CategoricalSplitNode;
    expect(root.kind).toBe("categorical");
    const cat = model.features[root.feature]!;
    expect(cat.kind === "categorical" && cat.name === "cat").toBe(true);
    const labels = cat.kind === "categorical" ? root.categories.map((c) => cat.categories[c]) : [];
    const left = new Set(labels);
    const wanted = ["b", "d", "f"];
    const isSet = wanted.every((l) => left.has(l)) && left.size === 3;
    const isComplement = wanted.every((l) => !left.has(l)) && left.size >= 4;
    expect(isSet || isComplement).toBe(true);
    const test = synthetic(1000, 6, (r) => inSet.has(r.cat), 0.02);
    expect(auc(predictRaw(model, test.data), test.y)).toBeGreaterThan(0.95);
  });

  it("stops early on validation loss and keeps the best iteration", () => {
    const train = synthetic(800, 7, mixedRule);
    const valid = synthetic(400, 8, mixedRule);
    const model = trainGbdt(train.data, train.y, valid, { learningRate: 0.5, maxRounds: 300, earlyStoppingRounds: 5 });
    const log = model.training;
    expect(log.rounds).toBeLessThan(300);
    expect(log.validLoss).toHaveLength(log.rounds);
    expect(model.trees).toHaveLength(log.bestIteration + 1);
    expect(log.rounds - 1 - log.bestIteration).toBe(5);
    expect(Math.min(...log.validLoss)).toBe(log.bestValidLoss);
    // The loss tracked on bins during training is the loss of the real-threshold predictor.
    expect(meanLogLossFromRaw(predictRaw(model, valid.data), valid.y)).toBe(log.bestValidLoss);
  });

  it("beats the base rate on a noisy mixed rule", () => {
    const train = synthetic(2000, 9, mixedRule);
    const test = synthetic(1000, 10, mixedRule);
    const model = trainGbdt(train.data, train.y, null, FAST);
    const prior = train.y.reduce((s, v) => s + v, 0) / train.y.length;
    const baseLoss = logLoss(new Float64Array(test.y.length).fill(prior), test.y);
    expect(logLoss(predictProba(model, test.data), test.y)).toBeLessThan(baseLoss - 0.1);
  });

  it("scores rows from the app's record shape, including unseen categories and bad numbers", () => {
    const { data, y } = synthetic(1000, 11, mixedRule);
    const model = trainGbdt(data, y, null, { ...FAST, maxRounds: 5 });
    const schema = [
      { name: "flag", kind: "numeric" as const },
      { name: "cat", kind: "categorical" as const },
      { name: "x0", kind: "numeric" as const },
      { name: "x1", kind: "numeric" as const },
      { name: "noise", kind: "numeric" as const },
    ];
    const rows = datasetFromRows(
      [
        { x0: 0.5, x1: null, noise: "0.3", cat: "zzz-unseen", flag: 1 },
        { x0: "not a number", x1: 0.1, noise: Number.POSITIVE_INFINITY, cat: null, flag: true },
        { x0: -0.5, x1: 0.2, noise: 0.5, cat: LETTERS[2], flag: 0 },
      ],
      schema,
    );
    const raw = predictRaw(model, rows);
    expect(raw).toHaveLength(3);
    for (const r of raw) expect(Number.isFinite(r)).toBe(true);
  });

  it("folds rare categories into 'other'", () => {
    const { data, y } = synthetic(500, 12, mixedRule);
    const model = trainGbdt(data, y, null, { ...FAST, maxRounds: 2, maxCategories: 3 });
    const cat = model.features.find((f) => f.name === "cat");
    expect(cat?.kind === "categorical" && cat.categories.length).toBe(3);
  });

  it("stays finite when a round samples no rows and l2 is 0", () => {
    const { data, y } = synthetic(20, 14, mixedRule);
    const model = trainGbdt(data, y, null, { maxRounds: 5, subsample: 0.01, l2: 0 });
    for (const r of predictRaw(model, data)) expect(Number.isFinite(r)).toBe(true);
  });

  it("rejects labels that do not match the data", () => {
    const { data, y } = synthetic(100, 13, mixedRule);
    expect(() => trainGbdt(data, y.subarray(1), null)).toThrow(RangeError);
    expect(() => trainGbdt(data, y.map(() => 2), null)).toThrow(RangeError);
    expect(() => trainGbdt(data, y, null, { learningRate: 0 })).toThrow(RangeError);
  });
  it("weights rows: all-ones weights change nothing, heavier positives raise predictions", () => {
    const { data, y } = synthetic(800, 15, mixedRule);
    const params = { ...FAST, maxRounds: 15 };
    const plain = modelToJson(trainGbdt(data, y, null, params));
    expect(modelToJson(trainGbdt(data, y, null, params, { weights: new Float64Array(y.length).fill(1) }))).toBe(plain);
    const heavy = trainGbdt(data, y, null, params, { weights: Float64Array.from(y, (v) => (v === 1 ? 3 : 1)) });
    const mean = (m: ReturnType<typeof trainGbdt>) => predictProba(m, data).reduce((s, p) => s + p, 0) / y.length;
    expect(mean(heavy)).toBeGreaterThan(mean(trainGbdt(data, y, null, params)) + 0.05);
    expect(() => trainGbdt(data, y, null, params, { weights: new Float64Array(y.length).fill(-1) })).toThrow(RangeError);
  });

  it("boosts from a given margin: trees learn the correction, and none are kept if none help", () => {
    const train = synthetic(1000, 16, mixedRule);
    const valid = synthetic(500, 17, mixedRule);
    const params = { ...FAST, maxRounds: 40, earlyStoppingRounds: 5 };
    const zero = (n: number) => new Float64Array(n);
    const fromZero = trainGbdt(train.data, train.y, valid, params, { initRaw: { train: zero(1000), valid: zero(500) } });
    expect(fromZero.baseScore).toBe(0);
    expect(auc(predictRaw(fromZero, valid.data), valid.y)).toBeGreaterThan(0.8);
    // A validation margin that is already right (the labels as ±30 log-odds) leaves nothing to gain.
    const perfect = (y: Uint8Array) => Float64Array.from(y, (v) => (v === 1 ? 30 : -30));
    const nothingLeft = trainGbdt(train.data, train.y, valid, params, { initRaw: { train: zero(1000), valid: perfect(valid.y) } });
    expect(nothingLeft.trees).toHaveLength(0);
    expect(() => trainGbdt(train.data, train.y, valid, params, { initRaw: { train: zero(3) } })).toThrow(RangeError);
  });
});
