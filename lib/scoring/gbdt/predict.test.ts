import { describe, expect, it } from "vitest";
import { type Dataset, datasetFromColumns } from "./dataset";
import { modelFromJson, modelToJson } from "./model";
import { predictRaw } from "./predict";
import { mixedRule, synthetic } from "@/test/support/gbdt";
import { trainGbdt } from "./train";
import { treeShap } from "./tree-shap";

describe("model JSON and scoring", () => {
  const { data, y } = synthetic(1000, 31, mixedRule);
  const model = trainGbdt(data, y, null, { maxRounds: 30, learningRate: 0.2, subsample: 0.8, colsample: 0.8 });

  it("round-trips through JSON and predicts bit-identically", () => {
    const loaded = modelFromJson(JSON.parse(JSON.stringify(JSON.parse(modelToJson(model)))));
    expect(loaded).toEqual(model);
    expect(Array.from(predictRaw(loaded, data))).toEqual(Array.from(predictRaw(model, data)));
    expect(treeShap(loaded, data, 5)).toEqual(treeShap(model, data, 5));
  });

  it("matches columns by name, not position", () => {
    const reversed: Dataset = datasetFromColumns([...data.columns].reverse());
    expect(Array.from(predictRaw(model, reversed))).toEqual(Array.from(predictRaw(model, data)));
  });

  it("fails clearly on a missing column or a malformed model", () => {
    const missing = datasetFromColumns(data.columns.filter((c) => c.name !== "x0"));
    expect(() => predictRaw(model, missing)).toThrow(/no column x0/);
    const broken = JSON.parse(modelToJson(model));
    broken.trees[0].nodes[0].left = 0;
    expect(() => modelFromJson(broken)).toThrow(/bad child/);
    expect(() => modelFromJson({ ...JSON.parse(modelToJson(model)), version: 2 })).toThrow();
  });
});
