// Query parameters, pagination and attribute projection for SCIM responses (RFC 7644 §3.4.2,
// §3.9). Projection applies to every resource we return, single or listed, so `password`
// (returned: never) cannot leak through any route.

import { MAX_RESULTS } from "./documents";
import { ScimError } from "./errors";
import { parseFilter, parsePatchPath, type FilterNode } from "./filter";
import { isJsonObject, isUnassigned, type JsonObject, type JsonValue } from "./json";
import { findAttribute, findExtension, rootAttributes, type ResourceSchema } from "./schemas";
import type { AttributeDefinition } from "./schema-definitions";

export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

export interface Projection {
  readonly attributes?: readonly string[];
  readonly excludedAttributes?: readonly string[];
}

export interface ListParams extends Projection {
  readonly filter?: FilterNode;
  readonly startIndex: number;
  readonly count: number;
}

export interface ListResponse {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: JsonObject[];
}

// RFC 7644 §3.4.2.4: startIndex below 1 means 1.
export function normaliseStartIndex(value: number | undefined): number {
  return value === undefined || !Number.isFinite(value) ? 1 : Math.max(1, Math.trunc(value));
}

// RFC 7644 §3.4.2.4: a negative count means 0; we never return more than maxResults.
export function normaliseCount(value: number | undefined, maxResults: number = MAX_RESULTS): number {
  return value === undefined || !Number.isFinite(value) ? maxResults : Math.min(maxResults, Math.max(0, Math.trunc(value)));
}

function integerParam(name: string, raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined || raw.trim() === "") return undefined;
  if (!/^\s*[-+]?\d+\s*$/.test(raw)) throw new ScimError("invalidValue", `'${name}' must be an integer`);
  return Number(raw);
}

function listParam(raw: string | null | undefined): string[] | undefined {
  const items = raw?.split(",").map((s) => s.trim()).filter(Boolean);
  return items?.length ? items : undefined;
}

// Reads the query of GET /Users or /Groups. sortBy/sortOrder are ignored: the
// ServiceProviderConfig advertises sort as unsupported, which RFC 7644 §3.4.2.3 allows.
export function parseListParams(query: URLSearchParams | Readonly<Record<string, string | undefined>>, maxResults: number = MAX_RESULTS): ListParams {
  const get = (name: string) => (query instanceof URLSearchParams ? query.get(name) : query[name]);
  const filterText = get("filter");
  const attributes = listParam(get("attributes"));
  const excludedAttributes = listParam(get("excludedAttributes"));
  return {
    ...(filterText !== null && filterText !== undefined && filterText.trim() !== "" ? { filter: parseFilter(filterText) } : {}),
    startIndex: normaliseStartIndex(integerParam("startIndex", get("startIndex"))),
    count: normaliseCount(integerParam("count", get("count")), maxResults),
    ...(attributes ? { attributes } : {}),
    ...(excludedAttributes ? { excludedAttributes } : {}),
  };
}

interface Selection {
  readonly whole: Set<string>; // "<scope>\u0000<attr>" or a whole extension URN, lower-cased
  readonly subs: Map<string, Set<string>>;
}

function key(scope: string, attr: string): string {
  return `${scope.toLowerCase()}\u0000${attr.toLowerCase()}`;
}

// Names that are malformed or unknown select nothing: RFC 7644 gives no error for them, and a
// stale IdP mapping should not break reads.
function select(schema: ResourceSchema, names: readonly string[]): Selection {
  const selection: Selection = { whole: new Set(), subs: new Map() };
  for (const name of names) {
    const ext = findExtension(schema, name);
    if (ext) {
      selection.whole.add(ext.id.toLowerCase());
      continue;
    }
    let parsed;
    try {
      parsed = parsePatchPath(name);
    } catch {
      continue;
    }
    if (parsed.filter) continue;
    const scopeExt = parsed.path.uri !== undefined ? findExtension(schema, parsed.path.uri) : undefined;
    const k = key(scopeExt?.id ?? "", parsed.path.attr);
    const sub = parsed.path.sub ?? parsed.subAttr;
    if (sub === undefined) selection.whole.add(k);
    else selection.subs.set(k, (selection.subs.get(k) ?? new Set()).add(sub.toLowerCase()));
  }
  return selection;
}

// Keeps the sub-attributes `keep` accepts on a complex value (or on each element of a list);
// returned:never sub-attributes go regardless and returned:always ones stay regardless.
function filterSubs(def: AttributeDefinition, value: JsonValue, keep: (name: string) => boolean): JsonValue | undefined {
  if (def.type !== "complex") return value;
  const one = (v: JsonValue): JsonValue | undefined => {
    if (!isJsonObject(v)) return v;
    const out: JsonObject = {};
    for (const [k, sub] of Object.entries(v)) {
      const subDef = findAttribute(def.subAttributes, k);
      if (subDef?.returned === "never") continue;
      if (subDef?.returned === "always" || keep(k.toLowerCase())) out[k] = sub;
    }
    return isUnassigned(out) ? undefined : out;
  };
  if (!Array.isArray(value)) return one(value);
  const items = value.map(one).filter((v): v is JsonValue => v !== undefined);
  return items.length ? items : undefined;
}

function projectAttribute(
  scope: string,
  def: AttributeDefinition | undefined,
  value: JsonValue,
  attributes: Selection | undefined,
  excluded: Selection | undefined,
): JsonValue | undefined {
  if (!def) return attributes ? undefined : value;
  if (def.returned === "never") return undefined;
  const all = () => true;
  if (def.returned === "always") return filterSubs(def, value, all);
  const k = key(scope, def.name);
  if (attributes) {
    if (attributes.whole.has(k)) return filterSubs(def, value, all);
    const subs = attributes.subs.get(k);
    return subs ? filterSubs(def, value, (name) => subs.has(name)) : undefined;
  }
  if (def.returned === "request") return undefined;
  if (excluded?.whole.has(k)) return undefined;
  const dropped = excluded?.subs.get(k);
  return filterSubs(def, value, (name) => !dropped?.has(name));
}

// Applies `attributes` (which wins when both are given) or `excludedAttributes`, and the
// schema's `returned` rules. `schemas` and `id` always survive.
export function projectResource(resource: JsonObject, schema: ResourceSchema, projection: Projection = {}): JsonObject {
  const attributes = projection.attributes?.length ? select(schema, projection.attributes) : undefined;
  const excluded = !attributes && projection.excludedAttributes?.length ? select(schema, projection.excludedAttributes) : undefined;
  const root = rootAttributes(schema);
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(resource)) {
    if (value === undefined) continue;
    if (name.toLowerCase() === "schemas") {
      out[name] = value;
      continue;
    }
    const ext = findExtension(schema, name);
    if (!ext) {
      const kept = projectAttribute("", findAttribute(root, name), value, attributes, excluded);
      if (kept !== undefined) out[name] = kept;
      continue;
    }
    const extKey = ext.id.toLowerCase();
    if (!isJsonObject(value) || excluded?.whole.has(extKey)) continue;
    const wholeExt = attributes?.whole.has(extKey) ?? false;
    const inner: JsonObject = {};
    for (const [attr, v] of Object.entries(value)) {
      const kept = projectAttribute(ext.id, findAttribute(ext.attributes, attr), v, wholeExt ? undefined : attributes, excluded);
      if (kept !== undefined) inner[attr] = kept;
    }
    if (Object.keys(inner).length) out[name] = inner;
  }
  return out;
}

export interface ListOptions extends Projection {
  readonly startIndex?: number;
  readonly count?: number;
  readonly maxResults?: number;
  // When given, `resources` is already the requested page (the database applied offset and
  // limit); otherwise `resources` is every match and is paged here.
  readonly totalResults?: number;
  readonly schema?: ResourceSchema;
}

export function buildListResponse(resources: readonly JsonObject[], options: ListOptions = {}): ListResponse {
  const startIndex = normaliseStartIndex(options.startIndex);
  const count = normaliseCount(options.count, options.maxResults ?? MAX_RESULTS);
  const paged = options.totalResults === undefined;
  const page = paged ? resources.slice(startIndex - 1, startIndex - 1 + count) : resources.slice(0, count);
  const schema = options.schema;
  const Resources = schema ? page.map((r) => projectResource(r, schema, options)) : [...page];
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: paged ? resources.length : Math.max(0, options.totalResults!),
    startIndex,
    // RFC 7644 §3.4.2: the number of resources on this page, not the requested page size.
    itemsPerPage: Resources.length,
    Resources,
  };
}
