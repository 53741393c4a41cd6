/**
 * Loads the UCI bank-marketing CSV (see ../shared/data/bank-marketing/README.md) for the model
 * benchmark. `duration` is dropped because it is only known after the call it would predict.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  type Dataset,
  type FeatureSpec,
  type RawValue,
  columnFromValues,
  datasetFromColumns,
} from "../../lib/scoring/gbdt";

export const DEFAULT_BANK_CSV = path.resolve(import.meta.dirname, "../..", "../shared/data/bank-marketing/bank-full.csv");

/** Y/N flags become 0/1 numerics; the other text columns stay native categoricals. */
export const BANK_SCHEMA: readonly FeatureSpec[] = [
  { name: "age", kind: "numeric" },
  { name: "job", kind: "categorical" },
  { name: "marital", kind: "categorical" },
  { name: "education", kind: "categorical" },
  { name: "default", kind: "numeric" },
  { name: "balance", kind: "numeric" },
  { name: "housing", kind: "numeric" },
  { name: "loan", kind: "numeric" },
  { name: "contact", kind: "categorical" },
  { name: "day", kind: "numeric" },
  { name: "month", kind: "categorical" },
  { name: "campaign", kind: "numeric" },
  { name: "pdays", kind: "numeric" },
  { name: "previous", kind: "numeric" },
  { name: "poutcome", kind: "categorical" },
];
const BINARY_COLUMNS = new Set(["default", "housing", "loan"]);

export interface BankData {
  data: Dataset;
  y: Uint8Array;
}

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== "");
}

export function loadBankCsv(file: string = DEFAULT_BANK_CSV, limit = Number.POSITIVE_INFINITY): BankData {
  const [header, ...body] = parseCsv(readFileSync(file, "utf8"));
  if (header === undefined) throw new Error(`${file} is empty`);
  const records = body.slice(0, limit);
  const at = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file} has no column ${name}`);
    return i;
  };
  const columns = BANK_SCHEMA.map((spec) => {
    const i = at(spec.name);
    const values: RawValue[] = records.map((r) => {
      const v = r[i] ?? "";
      return BINARY_COLUMNS.has(spec.name) ? yesNo(v) : v;
    });
    return columnFromValues(spec, values);
  });
  const label = at("y");
  const y = Uint8Array.from(records, (r) => (yesNo(r[label] ?? "") === 1 ? 1 : 0));
  return { data: datasetFromColumns(columns), y };
}

function yesNo(value: string): number | null {
  if (value === "Y" || value === "yes") return 1;
  if (value === "N" || value === "no") return 0;
  return null;
}
