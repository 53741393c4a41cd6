import { describe, expect, it } from "vitest";
import { datasetFromColumns, datasetFromRows, takeLabels, takeRows } from "./dataset";

describe("dataset", () => {
  it("converts records: numbers, numeric strings, booleans, missing, categories in first-seen order", () => {
    const data = datasetFromRows(
      [
        { amount: "12.5", stage: "won", flag: true },
        { amount: null, stage: 3, flag: false },
        { amount: Number.NaN, stage: "", flag: "x" },
        { stage: "won", amount: Number.NEGATIVE_INFINITY },
      ],
      [
        { name: "amount", kind: "numeric" },
        { name: "stage", kind: "categorical" },
        { name: "flag", kind: "numeric" },
      ],
    );
    const [amount, stage, flag] = data.columns;
    expect(data.nRows).toBe(4);
    expect(amount?.kind === "numeric" && Array.from(amount.values)).toEqual([12.5, NaN, NaN, NaN]);
    expect(stage?.kind === "categorical" && [Array.from(stage.codes), stage.labels]).toEqual([[0, 1, -1, 0], ["won", "3"]]);
    expect(flag?.kind === "numeric" && Array.from(flag.values)).toEqual([1, 0, NaN, NaN]);
  });

  it("takes row subsets and rejects inconsistent columns", () => {
    const data = datasetFromColumns([
      { name: "a", kind: "numeric", values: Float64Array.from([1, 2, 3]) },
      { name: "b", kind: "categorical", codes: Int32Array.from([0, -1, 1]), labels: ["x", "y"] },
    ]);
    const sub = takeRows(data, [2, 0]);
    expect(sub.columns[0]?.kind === "numeric" && Array.from(sub.columns[0].values)).toEqual([3, 1]);
    expect(sub.columns[1]?.kind === "categorical" && Array.from(sub.columns[1].codes)).toEqual([1, 0]);
    expect(Array.from(takeLabels(Uint8Array.from([1, 0, 1]), [1, 2]))).toEqual([0, 1]);
    expect(() =>
      datasetFromColumns([
        { name: "a", kind: "numeric", values: new Float64Array(2) },
        { name: "b", kind: "numeric", values: new Float64Array(3) },
      ]),
    ).toThrow(RangeError);
    expect(() => datasetFromRows([], [{ name: "a", kind: "numeric" }, { name: "a", kind: "numeric" }])).toThrow(/duplicate/);
  });
});
