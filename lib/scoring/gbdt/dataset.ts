/**
 * Column-oriented feature table. Columns are typed arrays so training and scoring never box
 * values; missing is NaN for numeric columns and -1 for categorical codes.
 */
export type FeatureKind = "numeric" | "categorical";

export interface FeatureSpec {
  name: string;
  kind: FeatureKind;
}

export interface NumericColumn {
  name: string;
  kind: "numeric";
  /** NaN = missing. Non-finite inputs are stored as NaN so thresholds stay JSON-safe. */
  values: Float64Array;
}

export interface CategoricalColumn {
  name: string;
  kind: "categorical";
  /** Index into `labels`; -1 = missing. */
  codes: Int32Array;
  labels: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

export interface Dataset {
  nRows: number;
  columns: readonly Column[];
}

export type RawValue = number | string | boolean | null | undefined;

function toNumber(value: RawValue): number {
  if (value === null || value === undefined) return Number.NaN;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? value : Number.NaN;
  const trimmed = value.trim();
  if (trimmed === "") return Number.NaN;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : Number.NaN;
}

function toLabel(value: RawValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  const label = String(value);
  return label === "" ? null : label;
}

/** Builds a column from raw values; categorical labels are numbered in first-seen order. */
export function columnFromValues(spec: FeatureSpec, values: readonly RawValue[]): Column {
  if (spec.kind === "numeric") {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = toNumber(values[i]);
    return { name: spec.name, kind: "numeric", values: out };
  }
  const codes = new Int32Array(values.length);
  const labels: string[] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const label = toLabel(values[i]);
    if (label === null) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(label);
    if (code === undefined) {
      code = labels.length;
      labels.push(label);
      index.set(label, code);
    }
    codes[i] = code;
  }
  return { name: spec.name, kind: "categorical", codes, labels };
}

/** The app's entry point: CRM records (one object per record) → Dataset in schema order. */
export function datasetFromRows(
  rows: ReadonlyArray<Readonly<Record<string, RawValue>>>,
  schema: readonly FeatureSpec[],
): Dataset {
  assertUniqueNames(schema);
  const columns = schema.map((spec) =>
    columnFromValues(
      spec,
      rows.map((row) => row[spec.name]),
    ),
  );
  return { nRows: rows.length, columns };
}

export function datasetFromColumns(columns: readonly Column[]): Dataset {
  assertUniqueNames(columns);
  const first = columns[0];
  const nRows = first === undefined ? 0 : columnLength(first);
  for (const column of columns) {
    if (columnLength(column) !== nRows) {
      throw new RangeError(`column ${column.name} has ${columnLength(column)} rows, expected ${nRows}`);
    }
  }
  return { nRows, columns };
}

export function featureSpecs(data: Dataset): FeatureSpec[] {
  return data.columns.map((c) => ({ name: c.name, kind: c.kind }));
}

/** Row subset (in the given order); categorical labels are shared, not copied. */
export function takeRows(data: Dataset, rows: ArrayLike<number>): Dataset {
  const n = rows.length;
  const columns = data.columns.map((column): Column => {
    if (column.kind === "numeric") {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = column.values[rows[i]!]!;
      return { name: column.name, kind: "numeric", values: out };
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = column.codes[rows[i]!]!;
    return { name: column.name, kind: "categorical", codes: out, labels: column.labels };
  });
  return { nRows: n, columns };
}

export function takeLabels(y: Uint8Array, rows: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]!]!;
  return out;
}

function columnLength(column: Column): number {
  return column.kind === "numeric" ? column.values.length : column.codes.length;
}

function assertUniqueNames(specs: ReadonlyArray<{ name: string }>): void {
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) throw new RangeError(`duplicate feature name: ${spec.name}`);
    seen.add(spec.name);
  }
}
