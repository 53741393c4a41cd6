// In-memory evaluation of a filter AST against one resource, with SCIM semantics:
//   - attribute names are case-insensitive; string comparison honours the attribute's caseExact
//     (RFC 7643 §2.2 default false, so without a schema every string compares case-insensitively);
//   - a multi-valued attribute matches if any value matches (RFC 7644 §3.4.2.2);
//   - comparing a complex value without a sub-attribute compares its `value` sub-attribute, so
//     `members eq "id"` and `emails co "@x"` mean what Entra and the RFC examples intend;
//   - dateTime attributes compare chronologically; without a schema a string compares as a date
//     only when both sides are ISO 8601 timestamps;
//   - `eq null` matches an unassigned attribute and `ne null` an assigned one; `ne` with any other
//     value matches when some value differs or the attribute is unassigned;
//   - booleans accept "True"/"False" strings (Entra); a type mismatch never matches `eq`/ordering.

import { findAttribute, attributesForUri, type ResourceSchema } from "./schemas";
import type { AttributeDefinition } from "./schema-definitions";
import { getCi, isJsonObject, isUnassigned, type JsonObject, type JsonValue } from "./json";
import type { AttrPath, CompareOp, FilterLiteral, FilterNode } from "./filter";

interface Scope {
  // Set only at the resource root, where a URN prefix selects core or an extension.
  readonly schema?: ResourceSchema;
  // Definitions for this level; undefined means "no schema knowledge" (generic semantics).
  readonly attributes?: readonly AttributeDefinition[];
}

interface Located {
  readonly values: JsonValue[];
  readonly def?: AttributeDefinition;
}

const ISO_DATE = /^\d{4}-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?$/;

function flatten(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.filter((v) => v !== null) : [value];
}

function locate(obj: JsonObject, path: AttrPath, scope: Scope): Located {
  let base: JsonValue | undefined = obj;
  let attributes = scope.attributes;
  if (path.uri !== undefined) {
    if (scope.schema) {
      attributes = attributesForUri(scope.schema, path.uri);
      const isCore = path.uri.toLowerCase() === scope.schema.core.id.toLowerCase();
      base = isCore ? obj : getCi(obj, path.uri);
    } else {
      base = getCi(obj, path.uri) ?? obj;
    }
  }
  if (!isJsonObject(base)) return { values: [] };
  const def = findAttribute(attributes, path.attr);
  let values = flatten(getCi(base, path.attr));
  if (path.sub === undefined) return { values, def };
  const sub = path.sub;
  values = values.flatMap((v) => (isJsonObject(v) ? flatten(getCi(v, sub)) : []));
  return { values, def: findAttribute(def?.subAttributes, sub) };
}

function isDate(text: string): boolean {
  return ISO_DATE.test(text) && !Number.isNaN(Date.parse(text));
}

function order(op: CompareOp, cmp: number): boolean {
  switch (op) {
    case "eq":
      return cmp === 0;
    case "ne":
      return cmp !== 0;
    case "gt":
      return cmp > 0;
    case "ge":
      return cmp >= 0;
    case "lt":
      return cmp < 0;
    case "le":
      return cmp <= 0;
    default:
      return false;
  }
}

function compareString(actual: string, op: CompareOp, expected: string, def: AttributeDefinition | undefined): boolean {
  const asDate = def ? def.type === "dateTime" : isDate(actual) && isDate(expected);
  if (asDate && op !== "co" && op !== "sw" && op !== "ew") {
    const a = Date.parse(actual);
    const e = Date.parse(expected);
    if (Number.isNaN(a) || Number.isNaN(e)) return op === "ne";
    return order(op, Math.sign(a - e));
  }
  const caseExact = def?.caseExact ?? false;
  const a = caseExact ? actual : actual.toLowerCase();
  const e = caseExact ? expected : expected.toLowerCase();
  switch (op) {
    case "co":
      return a.includes(e);
    case "sw":
      return a.startsWith(e);
    case "ew":
      return a.endsWith(e);
    default:
      return order(op, a < e ? -1 : a > e ? 1 : 0);
  }
}

function compareOne(actual: JsonValue, op: CompareOp, expected: Exclude<FilterLiteral, null>, def?: AttributeDefinition): boolean {
  if (typeof actual === "boolean") {
    const e = typeof expected === "string" && /^(true|false)$/i.test(expected) ? expected.toLowerCase() === "true" : expected;
    if (typeof e !== "boolean") return op === "ne";
    return op === "eq" ? actual === e : op === "ne" ? actual !== e : false;
  }
  if (typeof actual === "number") {
    if (typeof expected !== "number") return op === "ne";
    return op === "co" || op === "sw" || op === "ew" ? false : order(op, Math.sign(actual - expected));
  }
  if (typeof actual === "string") {
    if (typeof expected !== "string") return op === "ne";
    return compareString(actual, op, expected, def);
  }
  return op === "ne";
}

function compare(located: Located, op: CompareOp, expected: FilterLiteral): boolean {
  let { values, def } = located;
  if (values.some(isJsonObject)) {
    values = values.flatMap((v) => (isJsonObject(v) ? flatten(getCi(v, "value")) : [v]));
    def = findAttribute(def?.subAttributes, "value") ?? def;
  }
  const assigned = values.filter((v) => !isUnassigned(v));
  if (expected === null) {
    if (op === "eq") return assigned.length === 0;
    if (op === "ne") return assigned.length > 0;
    return false;
  }
  if (op === "ne" && assigned.length === 0) return true;
  return assigned.some((v) => compareOne(v, op, expected, def));
}

function evaluate(node: FilterNode, obj: JsonObject, scope: Scope): boolean {
  switch (node.kind) {
    case "and":
      return node.filters.every((f) => evaluate(f, obj, scope));
    case "or":
      return node.filters.some((f) => evaluate(f, obj, scope));
    case "not":
      return !evaluate(node.filter, obj, scope);
    case "present":
      return locate(obj, node.path, scope).values.some((v) => !isUnassigned(v));
    case "compare":
      return compare(locate(obj, node.path, scope), node.op, node.value);
    case "valuePath": {
      const { values, def } = locate(obj, node.path, scope);
      // Without schema knowledge the element is evaluated generically, whatever the parent knew.
      const inner: Scope = { attributes: def?.subAttributes };
      return values.some((v) => isJsonObject(v) && evaluate(node.filter, v, inner));
    }
  }
}

// `schema` supplies caseExact and types; omit it for generic JSON (case-insensitive strings).
export function matches(filter: FilterNode, resource: JsonObject, schema?: ResourceSchema): boolean {
  return evaluate(filter, resource, schema ? { schema, attributes: attributesForUri(schema, undefined) } : {});
}

// Evaluates a value-path filter (`emails[type eq "work"]`) against one element of `attribute`.
export function matchesElement(filter: FilterNode, element: JsonValue, attribute?: AttributeDefinition): boolean {
  return isJsonObject(element) && evaluate(filter, element, { attributes: attribute?.subAttributes });
}

// Equality as a filter's `eq` sees it (caseExact-aware), for de-duplicating multi-valued adds.
export function sameValue(a: JsonValue, b: JsonValue, attribute?: AttributeDefinition): boolean {
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].map((k) => k.toLowerCase()));
    return [...keys].every((k) => {
      const x = getCi(a, k);
      const y = getCi(b, k);
      if (isUnassigned(x ?? null) || isUnassigned(y ?? null)) return isUnassigned(x ?? null) && isUnassigned(y ?? null);
      return sameValue(x!, y!, findAttribute(attribute?.subAttributes, k));
    });
  }
  if (typeof a === "string" && typeof b === "string") return compareString(a, "eq", b, attribute);
  return a === b;
}
