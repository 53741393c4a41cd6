import { RecordError, SfError } from "./errors";
import { normalizeId } from "./ids";
import type { FieldDef } from "./schemas";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Salesforce's wire format for datetimes: millisecond precision, "+0000" offset. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`
  );
}

export function formatDate(ms: number): string {
  return formatDateTime(ms).slice(0, 10);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validYmd(y: number, m: number, d: number): number | undefined {
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d
    ? ms
    : undefined;
}

/** Milliseconds since epoch of a date (midnight UTC) or ISO datetime string, else undefined. */
export function parseDateTime(s: string): number | undefined {
  const dm = DATE_RE.exec(s);
  if (dm) return validYmd(Number(dm[1]), Number(dm[2]), Number(dm[3]));
  const m = DATETIME_RE.exec(s);
  if (!m) return undefined;
  const day = validYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  const [hh, mi, ss] = [Number(m[4]), Number(m[5]), Number(m[6] ?? "0")];
  if (day === undefined || hh > 23 || mi > 59 || ss > 59) return undefined;
  const ms = Number((m[7] ?? "0").padEnd(3, "0").slice(0, 3));
  let offset = 0;
  const tz = m[8];
  if (tz && tz !== "Z") {
    const digits = tz.replace(":", "");
    const sign = digits.startsWith("-") ? -1 : 1;
    offset = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * 60_000;
  }
  return day + ((hh * 60 + mi) * 60 + ss) * 1000 + ms - offset;
}

const SOAP_TYPE: Record<string, string> = {
  boolean: "boolean",
  int: "int",
  double: "double",
  currency: "double",
  percent: "double",
  date: "date",
  datetime: "datetime",
};

function parserError(def: FieldDef, value: unknown): SfError {
  const token =
    typeof value === "string"
      ? "VALUE_STRING"
      : typeof value === "number"
        ? Number.isInteger(value) ? "VALUE_NUMBER_INT" : "VALUE_NUMBER_FLOAT"
        : typeof value === "boolean"
          ? value ? "VALUE_TRUE" : "VALUE_FALSE"
          : Array.isArray(value) ? "START_ARRAY" : "START_OBJECT";
  const shown = typeof value === "object" ? (Array.isArray(value) ? "[" : "{") : String(value);
  return new SfError(
    400,
    "JSON_PARSER_ERROR",
    `Cannot deserialize instance of ${SOAP_TYPE[def.type] ?? "string"} from ${token} value ${shown} or request may be missing a required field at [line:1, column:1]`,
  );
}

/**
 * Turns a JSON value into the stored representation, the way Salesforce's deserializer does:
 * a value that cannot be read as the field's type fails the whole request (JSON_PARSER_ERROR).
 */
export function coerceValue(def: FieldDef, value: unknown): unknown {
  if (value === null) return def.type === "boolean" ? false : null;
  switch (def.type) {
    case "boolean":
      if (typeof value === "boolean") return value;
      if (value === "true" || value === "false") return value === "true";
      throw parserError(def, value);
    case "int":
    case "double":
    case "currency":
    case "percent": {
      const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (!Number.isFinite(n) || (def.type === "int" && !Number.isInteger(n))) throw parserError(def, value);
      return n;
    }
    case "date": {
      if (typeof value !== "string") throw parserError(def, value);
      const ms = parseDateTime(value);
      if (ms === undefined) throw parserError(def, value);
      return formatDate(ms);
    }
    case "datetime": {
      if (typeof value !== "string") throw parserError(def, value);
      const ms = parseDateTime(value);
      if (ms === undefined) throw parserError(def, value);
      return formatDateTime(ms);
    }
    default:
      if (typeof value === "object") throw parserError(def, value);
      return String(value);
  }
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Save-time checks on one coerced value; failures are per-record errors. */
export function validateValue(def: FieldDef, value: unknown): { value: unknown; error?: RecordError } {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === "string") {
    if (value === "" && def.type !== "boolean") return { value: null };
    if (def.length !== undefined && ["string", "textarea", "email", "phone", "url", "picklist"].includes(def.type) && value.length > def.length) {
      return { value, error: new RecordError("STRING_TOO_LONG", `${def.label}: data value too large: ${value.slice(0, 80)} (max length=${def.length})`, [def.name]) };
    }
    if (def.type === "email" && !EMAIL_RE.test(value)) {
      return { value, error: new RecordError("INVALID_EMAIL_ADDRESS", `${def.label}: invalid email address: ${value}`, [def.name]) };
    }
    if (def.type === "picklist" && def.restricted && !def.picklist?.includes(value)) {
      return { value, error: new RecordError("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", `${def.label}: bad value for restricted picklist field: ${value}`, [def.name]) };
    }
    if (def.type === "reference" || def.type === "id") {
      const id = normalizeId(value);
      if (!id) return { value, error: new RecordError("MALFORMED_ID", `${def.label} ID: id value of incorrect type: ${value}`, [def.name]) };
      return { value: id };
    }
  }
  if (typeof value === "number" && def.precision !== undefined) {
    const scale = def.scale ?? 0;
    const rounded = Math.round(value * 10 ** scale) / 10 ** scale;
    if (Math.abs(rounded) >= 10 ** (def.precision - scale)) {
      return { value, error: new RecordError("NUMBER_OUTSIDE_VALID_RANGE", `${def.label}: value outside of valid range on numeric field: ${value}`, [def.name]) };
    }
    return { value: rounded };
  }
  return { value };
}
