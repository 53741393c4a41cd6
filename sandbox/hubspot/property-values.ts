import type { PropertyDef } from "./default-properties.js";
import { HsError, type HsErrorDetail } from "./errors.js";

export type PropertyLookup = (name: string) => PropertyDef | undefined;

interface Invalid {
  name: string;
  code: string;
  message: string;
}

export interface WriteRules {
  lookup: PropertyLookup;
  ownerIds: ReadonlySet<string>;
  portalId: string;
  /** Seeding may set system values (createdate…) that the API refuses. */
  allowReadOnly?: boolean;
  required?: string[];
}

/**
 * Validates and normalises property values the way HubSpot stores them: every value becomes a
 * string, datetimes become ISO-8601, dates midnight UTC, and null or "" clears the value.
 */
export function normalizeWrite(input: unknown, rules: WriteRules): Map<string, string | null> {
  if (input === undefined) input = {};
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new HsError(400, "VALIDATION_ERROR", "Invalid input JSON: properties must be an object");
  }
  const out = new Map<string, string | null>();
  const invalid: Invalid[] = [];
  for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
    const def = rules.lookup(name);
    if (!def) {
      invalid.push({ name, code: "PROPERTY_DOESNT_EXIST", message: `Property "${name}" does not exist` });
      continue;
    }
    if (def.readOnlyValue && !rules.allowReadOnly) {
      invalid.push({ name, code: "READ_ONLY_VALUE", message: `"${name}" is a read only property; its value cannot be set.` });
      continue;
    }
    if (raw === null || raw === "") {
      out.set(name, null);
      continue;
    }
    if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") {
      invalid.push({ name, code: "INVALID_PROPERTY_VALUE", message: `${JSON.stringify(raw)} is not a valid value for "${name}"` });
      continue;
    }
    const result = normalizeValue(def, String(raw).trim(), rules.ownerIds);
    if (typeof result === "string") out.set(name, result);
    else invalid.push({ name, ...result });
  }
  for (const name of rules.required ?? []) {
    if (out.get(name) == null) invalid.push({ name, code: "REQUIRED_PROPERTY", message: `Property "${name}" is required` });
  }
  if (invalid.length > 0) throw propertyValuesError(invalid, rules.portalId);
  return out;
}

function normalizeValue(def: PropertyDef, value: string, ownerIds: ReadonlySet<string>): string | { code: string; message: string } {
  switch (def.type) {
    case "number": {
      if (value !== "" && Number.isFinite(Number(value))) return value;
      return { code: "INVALID_FLOAT", message: `${JSON.stringify(value)} is not a valid number.` };
    }
    case "bool": {
      const lower = value.toLowerCase();
      if (lower === "true" || lower === "false") return lower;
      return { code: "INVALID_BOOLEAN", message: `${JSON.stringify(value)} is not a valid boolean. Use "true" or "false".` };
    }
    case "datetime": {
      const ms = toEpochMs(value);
      if (ms !== undefined) return new Date(ms).toISOString();
      return { code: "INVALID_DATETIME", message: `${JSON.stringify(value)} is not a valid datetime. Use epoch milliseconds or ISO-8601.` };
    }
    case "date": {
      const ms = toEpochMs(value);
      if (ms !== undefined && ms % 86_400_000 === 0) return new Date(ms).toISOString().slice(0, 10);
      return { code: "INVALID_DATE", message: `${JSON.stringify(value)} is not a valid date. It must be midnight UTC.` };
    }
    case "enumeration":
      return normalizeEnumeration(def, value, ownerIds);
    default:
      return value;
  }
}

function normalizeEnumeration(def: PropertyDef, value: string, ownerIds: ReadonlySet<string>): string | { code: string; message: string } {
  if (def.name === "hubspot_owner_id") {
    if (ownerIds.has(value)) return value;
    return { code: "INVALID_OWNER_ID", message: `${JSON.stringify(value)} is not a valid owner id` };
  }
  if (def.externalOptions || def.options.length === 0) return value;
  const allowed = new Set(def.options.map((o) => o.value));
  const parts = def.fieldType === "checkbox" ? value.split(";") : [value];
  const bad = parts.find((p) => !allowed.has(p));
  if (bad === undefined) return value;
  return {
    code: "INVALID_OPTION",
    message: `${JSON.stringify(bad)} was not one of the allowed options: ${def.options.map((o) => o.value).join(", ")}`,
  };
}

export function toEpochMs(value: string): number | undefined {
  if (/^-?\d+$/.test(value)) return Number(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function propertyValuesError(invalid: Invalid[], portalId: string): HsError {
  const legacy = invalid.map((i) => ({
    isValid: false,
    message: i.message,
    error: i.code,
    name: i.name,
    localizedErrorMessage: i.message,
    portalId: Number(portalId),
  }));
  const errors: HsErrorDetail[] = invalid.map((i) => ({
    message: i.message,
    code: i.code,
    in: "properties",
    context: { propertyName: [i.name] },
  }));
  return new HsError(400, "VALIDATION_ERROR", `Property values were not valid: ${JSON.stringify(legacy)}`, { errors });
}
