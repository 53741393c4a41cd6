import { normalizeId } from "./ids";
import { isLongText, type FieldDef, type SObjectSchema } from "./schemas";
import { parseSoql, soqlError, type Condition, type FieldRef, type SoqlQuery, type SoqlValue } from "./soql-parser";
import type { Row, Store } from "./store";
import { parseDateTime } from "./values";

const DAY = 86_400_000;
const MAX_OFFSET = 2000;

interface Resolved {
  def: FieldDef;
  /** Set for parent fields such as Owner.Name: the lookup on the queried object. */
  via?: FieldDef;
  read(row: Row): unknown;
}

export interface QueryOutcome {
  totalSize: number;
  records: Row[];
}

type Kind = "string" | "id" | "boolean" | "number" | "date" | "datetime";

function kindOf(def: FieldDef): Kind {
  switch (def.type) {
    case "id":
    case "reference":
      return "id";
    case "boolean":
      return "boolean";
    case "int":
    case "double":
    case "currency":
    case "percent":
      return "number";
    case "date":
      return "date";
    case "datetime":
      return "datetime";
    default:
      return "string";
  }
}

function dateRange(name: string, n: number | undefined, now: number): [number, number] {
  const today = Math.floor(now / DAY) * DAY;
  const d = new Date(today);
  const month = (k: number) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
  const year = (k: number) => Date.UTC(d.getUTCFullYear() + k, 0, 1);
  const week = today - d.getUTCDay() * DAY;
  const count = n ?? 0;
  switch (name) {
    case "TODAY": return [today, today + DAY];
    case "YESTERDAY": return [today - DAY, today];
    case "TOMORROW": return [today + DAY, today + 2 * DAY];
    case "THIS_WEEK": return [week, week + 7 * DAY];
    case "LAST_WEEK": return [week - 7 * DAY, week];
    case "NEXT_WEEK": return [week + 7 * DAY, week + 14 * DAY];
    case "THIS_MONTH": return [month(0), month(1)];
    case "LAST_MONTH": return [month(-1), month(0)];
    case "NEXT_MONTH": return [month(1), month(2)];
    case "THIS_YEAR": return [year(0), year(1)];
    case "LAST_YEAR": return [year(-1), year(0)];
    case "NEXT_YEAR": return [year(1), year(2)];
    case "LAST_90_DAYS": return [today - 90 * DAY, today + DAY];
    case "NEXT_90_DAYS": return [today + DAY, today + 91 * DAY];
    case "LAST_N_DAYS": return [today - count * DAY, today + DAY];
    case "NEXT_N_DAYS": return [today + DAY, today + (count + 1) * DAY];
    case "N_DAYS_AGO": return [today - count * DAY, today - (count - 1) * DAY];
    case "LAST_N_MONTHS": return [month(-count), month(0)];
    case "NEXT_N_MONTHS": return [month(1), month(count + 1)];
    default: return [0, 0];
  }
}

function likeRegex(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === "\\" && (pattern.charAt(i + 1) === "%" || pattern.charAt(i + 1) === "_")) {
      re += pattern.charAt(i + 1);
      i += 1;
    } else if (ch === "%") re += "[\\s\\S]*";
    else if (ch === "_") re += "[\\s\\S]";
    else re += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "i");
}

/** A sortable, comparable key for a stored value; null stays null. */
function keyOf(kind: Kind, value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (kind === "date" || kind === "datetime") return parseDateTime(String(value)) ?? null;
  if (kind === "string") return String(value).toLowerCase();
  return value as string | number | boolean;
}

class Compiler {
  constructor(
    private readonly store: Store,
    private readonly schema: SObjectSchema,
    private readonly q: SoqlQuery,
    private readonly now: number,
  ) {}

  private invalid(ref: FieldRef, code: string, message: string): never {
    throw soqlError(this.q.text, ref.pos, code, message);
  }

  resolve(ref: FieldRef): Resolved {
    const parts = ref.path.split(".");
    const [head, leaf] = parts;
    if (parts.length === 1 && head !== undefined) {
      const def = this.schema.byLowerName.get(head.toLowerCase());
      if (!def) {
        this.invalid(ref, "INVALID_FIELD", `No such column '${head}' on entity '${this.schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
      }
      return { def, read: (row) => row[def.name] };
    }
    const via = parts.length === 2 ? this.schema.fields.find((d) => d.relationshipName?.toLowerCase() === head?.toLowerCase()) : undefined;
    const targets = (via?.referenceTo ?? []).map((t) => this.store.schema(t)).filter((s): s is SObjectSchema => s !== undefined);
    const defs = targets.map((t) => t.byLowerName.get((leaf ?? "").toLowerCase()));
    const def = defs.find((d) => d !== undefined);
    if (!via || !def) {
      this.invalid(ref, "INVALID_FIELD", `Didn't understand relationship '${head}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
    return {
      def,
      via,
      read: (row) => {
        const id = row[via.name];
        const parent = typeof id === "string" ? this.store.getAny(id) : undefined;
        return parent ? (parent.row[def.name] ?? null) : null;
      },
    };
  }

  condition(c: Condition): (row: Row) => boolean {
    switch (c.kind) {
      case "and": {
        const parts = c.items.map((i) => this.condition(i));
        return (row) => parts.every((p) => p(row));
      }
      case "or": {
        const parts = c.items.map((i) => this.condition(i));
        return (row) => parts.some((p) => p(row));
      }
      case "not": {
        const inner = this.condition(c.item);
        return (row) => !inner(row);
      }
      case "in": {
        const field = this.filterable(c.field);
        const tests = c.values.map((v) => this.compare(field, c.field, "=", v));
        return c.negated ? (row) => !tests.some((t) => t(row)) : (row) => tests.some((t) => t(row));
      }
      case "compare":
        return this.compare(this.filterable(c.field), c.field, c.op, c.value);
    }
  }

  private filterable(ref: FieldRef): Resolved {
    const r = this.resolve(ref);
    if (isLongText(r.def)) this.invalid(ref, "INVALID_FIELD", `field '${r.def.name}' can not be filtered in query call`);
    return r;
  }

  private compare(field: Resolved, ref: FieldRef, op: string, value: SoqlValue): (row: Row) => boolean {
    const kind = kindOf(field.def);
    const name = field.def.name;
    if (value.kind === "null") {
      if (op !== "=" && op !== "!=") return () => false;
      return op === "=" ? (row) => keyOf(kind, field.read(row)) === null : (row) => keyOf(kind, field.read(row)) !== null;
    }
    const typeError = (t: string, quoted: boolean): never =>
      this.invalid(ref, "INVALID_FIELD", `value of filter criterion for field '${name}' must be of type ${t} and ${quoted ? "should be enclosed in quotes" : "should not be enclosed in quotes"}`);
    if (value.kind === "dateLiteral" && (kind === "date" || kind === "datetime")) {
      const [start, end] = dateRange(value.name, value.n, this.now);
      const within = (v: number) => v >= start && v < end;
      const tests: Record<string, (v: number) => boolean> = {
        "=": within, "!=": (v) => !within(v), "<": (v) => v < start, "<=": (v) => v < end, ">": (v) => v >= end, ">=": (v) => v >= start,
      };
      const test = tests[op] ?? typeError(kind === "date" ? "date" : "dateTime", false);
      return (row) => {
        const v = keyOf(kind, field.read(row));
        return typeof v === "number" ? test(v) : op === "!=";
      };
    }
    let target: string | number | boolean;
    if (kind === "string") target = value.kind === "string" ? value.value.toLowerCase() : typeError("string", true);
    else if (kind === "number") target = value.kind === "number" ? value.value : typeError("double", false);
    else if (kind === "boolean") target = value.kind === "boolean" ? value.value : typeError("boolean", false);
    else if (kind === "date") target = value.kind === "date" ? value.value : typeError("date", false);
    else if (kind === "datetime") target = value.kind === "datetime" ? value.value : typeError("dateTime", false);
    else {
      if (value.kind !== "string") return typeError("id", true);
      const id = op === "LIKE" ? value.value : normalizeId(value.value);
      if (id === undefined) this.invalid(ref, "INVALID_QUERY_FILTER_OPERATOR", `invalid ID field: ${value.value}`);
      target = id;
    }
    if (op === "LIKE") {
      if (kind !== "string" && kind !== "id") this.invalid(ref, "INVALID_FIELD", `invalid operator on field '${name}': LIKE`);
      const re = likeRegex(String(target));
      return (row) => {
        const v = field.read(row);
        return typeof v === "string" && re.test(v);
      };
    }
    return (row) => {
      const v = keyOf(kind, field.read(row));
      if (v === null) return op === "!=";
      switch (op) {
        case "=": return v === target;
        case "!=": return v !== target;
        case "<": return v < target;
        case ">": return v > target;
        case "<=": return v <= target;
        default: return v >= target;
      }
    };
  }
}

function project(store: Store, row: Row, fields: Array<{ ref: FieldRef; r: Resolved }>, type: string, version: string): Row {
  const out: Row = { attributes: { type, url: `/services/data/v${version}/sobjects/${type}/${String(row.Id)}` } };
  for (const { r } of fields) {
    if (!r.via) {
      out[r.def.name] = row[r.def.name] ?? null;
      continue;
    }
    const rel = r.via.relationshipName ?? r.via.name;
    const id = row[r.via.name];
    const parent = typeof id === "string" ? store.getAny(id) : undefined;
    if (!parent) {
      out[rel] = null;
      continue;
    }
    const nested = (out[rel] as Row | undefined) ?? {
      attributes: { type: parent.type, url: `/services/data/v${version}/sobjects/${parent.type}/${String(parent.row.Id)}` },
    };
    nested[r.def.name] = parent.row[r.def.name] ?? null;
    out[rel] = nested;
  }
  return out;
}

export function runSoql(store: Store, text: string, opts: { version: string; now: number }): QueryOutcome {
  const q = parseSoql(text);
  const schema = store.schema(q.from.name);
  if (!schema) {
    throw soqlError(text, q.from.pos, "INVALID_TYPE", `sObject type '${q.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
  }
  const c = new Compiler(store, schema, q, opts.now);
  const counts = q.select.filter((s) => s.kind === "count");
  const plain = q.select.flatMap((s) => (s.kind === "field" ? [s.field] : []));
  if (counts.length > 0 && plain.length > 0 && plain[0]) {
    throw soqlError(text, plain[0].pos, "MALFORMED_QUERY", `Field must be grouped or aggregated: ${plain[0].path}`);
  }
  const fields = plain.map((ref) => ({ ref, r: c.resolve(ref) }));
  const seen = new Set<string>();
  for (const { ref } of fields) {
    const key = ref.path.toLowerCase();
    if (seen.has(key)) throw soqlError(text, ref.pos, "MALFORMED_QUERY", `duplicate field selected: ${ref.path}`);
    seen.add(key);
  }
  const where = q.where ? c.condition(q.where) : () => true;
  let rows = store.rows(schema.name).filter(where);

  const order = q.orderBy.map((o) => {
    const r = c.resolve(o.field);
    if (isLongText(r.def)) throw soqlError(text, o.field.pos, "INVALID_FIELD", `field '${r.def.name}' can not be sorted in a query call`);
    return { ...o, kind: kindOf(r.def), r };
  });
  if (order.length > 0) {
    rows = [...rows].sort((a, b) => {
      for (const o of order) {
        const [x, y] = [keyOf(o.kind, o.r.read(a)), keyOf(o.kind, o.r.read(b))];
        if (x === y) continue;
        if (x === null) return o.nullsLast ? 1 : -1;
        if (y === null) return o.nullsLast ? -1 : 1;
        return (x < y ? -1 : 1) * (o.descending ? -1 : 1);
      }
      return 0;
    });
  }
  if (q.offset !== undefined) {
    if (q.offset > MAX_OFFSET) throw soqlError(text, 0, "NUMBER_OUTSIDE_VALID_RANGE", `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
    rows = rows.slice(q.offset);
  }
  if (q.limit !== undefined) rows = rows.slice(0, q.limit);

  const count = counts[0];
  if (count && count.kind === "count") {
    if (!count.field) return { totalSize: rows.length, records: [] };
    const r = c.resolve(count.field);
    const n = rows.filter((row) => r.read(row) !== null && r.read(row) !== undefined).length;
    return { totalSize: 1, records: [{ attributes: { type: "AggregateResult" }, [count.alias ?? "expr0"]: n }] };
  }
  return { totalSize: rows.length, records: rows.map((row) => project(store, row, fields, schema.name, opts.version)) };
}
