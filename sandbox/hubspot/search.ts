import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxContext } from "./context.js";
import type { PropertyDef } from "./default-properties.js";
import { validationError } from "./errors.js";
import { parseWith, readJson } from "./http-util.js";
import { requireObjectType, type ObjectType } from "./object-types.js";
import { toEpochMs } from "./property-values.js";
import type { CrmStore, StoredObject } from "./store.js";

const OPERATORS = [
  "EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
  "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN",
] as const;
type Operator = (typeof OPERATORS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const filterSchema = z.object({
  propertyName: z.string(),
  operator: z.enum(OPERATORS),
  value: scalar.optional(),
  highValue: scalar.optional(),
  values: z.array(scalar).optional(),
});
const sortSchema = z.union([
  z.string(),
  z.object({ propertyName: z.string(), direction: z.enum(["ASCENDING", "DESCENDING"]).default("ASCENDING") }),
]);
const searchSchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filterSchema) })).default([]),
  sorts: z.array(sortSchema).default([]),
  query: z.string().optional(),
  properties: z.array(z.string()).default([]),
  limit: z.number().int().min(1).max(200).default(10),
  after: z.union([z.string(), z.number()]).transform(String).optional(),
});

// HubSpot's documented ceilings: 5 groups, 6 filters per group, 18 filters in all, 10,000 results deep.
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 6;
const MAX_FILTERS = 18;
const MAX_DEPTH = 10_000;

const QUERY_FIELDS: Record<ObjectType, string[]> = {
  contacts: ["firstname", "lastname", "email", "phone", "company", "website"],
  companies: ["name", "domain", "website", "phone"],
  deals: ["dealname"],
  notes: ["hs_note_body"],
  tasks: ["hs_task_subject", "hs_task_body"],
};

function compareValues(def: PropertyDef, a: string, b: string): number | undefined {
  if (def.type === "number") {
    const x = Number(a);
    const y = Number(b);
    return Number.isNaN(x) || Number.isNaN(y) ? undefined : x - y;
  }
  if (def.type === "datetime" || def.type === "date") {
    const x = toEpochMs(a);
    const y = toEpochMs(b);
    return x === undefined || y === undefined ? undefined : x - y;
  }
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function matches(def: PropertyDef, actual: string | undefined, f: z.infer<typeof filterSchema>): boolean {
  const op: Operator = f.operator;
  if (op === "HAS_PROPERTY") return actual !== undefined;
  if (op === "NOT_HAS_PROPERTY") return actual === undefined;
  if (op === "NEQ") return actual === undefined || compareValues(def, actual, f.value ?? "") !== 0;
  if (op === "NOT_IN") return actual === undefined || !(f.values ?? []).some((v) => compareValues(def, actual, v) === 0);
  if (op === "NOT_CONTAINS_TOKEN") return actual === undefined || !containsToken(actual, f.value ?? "");
  if (actual === undefined) return false;
  if (op === "IN") return (f.values ?? []).some((v) => compareValues(def, actual, v) === 0);
  if (op === "CONTAINS_TOKEN") return containsToken(actual, f.value ?? "");
  if (op === "BETWEEN") {
    const lo = compareValues(def, actual, f.value ?? "");
    const hi = compareValues(def, actual, f.highValue ?? "");
    return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
  }
  const cmp = compareValues(def, actual, f.value ?? "");
  if (cmp === undefined) return false;
  switch (op) {
    case "EQ": return cmp === 0;
    case "LT": return cmp < 0;
    case "LTE": return cmp <= 0;
    case "GT": return cmp > 0;
    case "GTE": return cmp >= 0;
  }
}

// CONTAINS_TOKEN supports a leading/trailing "*" wildcard; tokens split on whitespace and punctuation.
function containsToken(actual: string, token: string): boolean {
  const pattern = token.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  const re = new RegExp(`^${pattern}$`);
  return actual.toLowerCase().split(/[\s@.,;:/_-]+/).some((t) => re.test(t)) || re.test(actual.toLowerCase());
}

export function search(store: CrmStore, type: ObjectType, body: z.infer<typeof searchSchema>) {
  if (body.filterGroups.length > MAX_GROUPS) throw validationError(`Too many filter groups (${body.filterGroups.length}); the maximum is ${MAX_GROUPS}`);
  const total = body.filterGroups.reduce((n, g) => n + g.filters.length, 0);
  if (total > MAX_FILTERS || body.filterGroups.some((g) => g.filters.length > MAX_FILTERS_PER_GROUP)) {
    throw validationError(`Too many filters; at most ${MAX_FILTERS_PER_GROUP} per group and ${MAX_FILTERS} in total`);
  }
  const def = (name: string): PropertyDef => {
    const d = store.property(type, name);
    if (!d) throw validationError(`There was a problem with the request. Property "${name}" does not exist`);
    return d;
  };
  for (const g of body.filterGroups) for (const f of g.filters) def(f.propertyName);

  let rows = store.all(type).filter((o) =>
    body.filterGroups.length === 0 ||
    body.filterGroups.some((g) => g.filters.every((f) => matches(def(f.propertyName), o.values.get(f.propertyName), f))),
  );
  if (body.query) {
    const q = body.query.toLowerCase();
    rows = rows.filter((o) => QUERY_FIELDS[type].some((p) => (o.values.get(p) ?? "").toLowerCase().includes(q)) || o.id === body.query);
  }

  const sorts = body.sorts.map((s) =>
    typeof s === "string" ? { propertyName: s.replace(/^-/, ""), desc: s.startsWith("-") } : { propertyName: s.propertyName, desc: s.direction === "DESCENDING" },
  );
  const keyed = (o: StoredObject, name: string) => o.values.get(name);
  rows.sort((a, b) => {
    for (const s of sorts) {
      const va = keyed(a, s.propertyName);
      const vb = keyed(b, s.propertyName);
      if (va === vb) continue;
      if (va === undefined) return 1;
      if (vb === undefined) return -1;
      const cmp = compareValues(def(s.propertyName), va, vb) ?? 0;
      if (cmp !== 0) return s.desc ? -cmp : cmp;
    }
    return Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
  });

  const start = body.after === undefined ? 0 : Number(body.after);
  if (!Number.isInteger(start) || start < 0) throw validationError(`Invalid after cursor: ${body.after}`);
  if (start + body.limit > MAX_DEPTH) throw validationError(`Cannot page beyond ${MAX_DEPTH} results`);
  const page = rows.slice(start, start + body.limit);
  const results = page.map((o) => store.serialize(o, body.properties));
  const next = start + body.limit < rows.length ? String(start + body.limit) : undefined;
  return next ? { total: rows.length, results, paging: { next: { after: next } } } : { total: rows.length, results };
}

export function registerSearchRoutes(app: Hono, ctx: SandboxContext): void {
  app.post("/crm/v3/objects/:objectType/search", async (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const body = parseWith(searchSchema, await readJson(c));
    return c.json(search(ctx.store, type, body));
  });
}
