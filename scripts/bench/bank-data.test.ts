import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { predictRaw, trainGbdt, treeShap } from "../../lib/scoring/gbdt";
import { BANK_SCHEMA, DEFAULT_BANK_CSV, loadBankCsv, parseCsv } from "./bank-data";

describe("bank-marketing loader", () => {
  it("parses quoted CSV fields", () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n1,\n')).toEqual([
      ["a", "b"],
      ["x, y", 'say "hi"'],
      ["1", ""],
    ]);
  });

  it.skipIf(!existsSync(DEFAULT_BANK_CSV))("TreeSHAP is additive to 1e-6 on a bank-marketing sample", () => {
    const { data, y } = loadBankCsv(DEFAULT_BANK_CSV, 3000);
    expect(data.columns.map((c) => c.name)).toEqual(BANK_SCHEMA.map((s) => s.name));
    expect(data.columns.some((c) => c.name === "duration")).toBe(false);
    const model = trainGbdt(data, y, null, { maxRounds: 60 });
    const raw = predictRaw(model, data);
    let worst = 0;
    for (let r = 0; r < data.nRows; r += 15) {
      const { base, contributions } = treeShap(model, data, r);
      worst = Math.max(worst, Math.abs(contributions.reduce((s, c) => s + c, base) - raw[r]!));
    }
    expect(worst).toBeLessThan(1e-6);
  });
});
