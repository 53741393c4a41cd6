import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SfError } from "./errors";
import { IdFactory } from "./ids";
import { buildSchemas } from "./schemas";
import { parseSoql } from "./soql-parser";
import { runSoql } from "./soql-eval";
import { Store, type Row } from "./store";

const NOW = Date.UTC(2026, 2, 15, 12, 0, 0);
const COMPANIES = ["Acme", "ACME", "Globex", "Initech", "acme corp", "Umbrella"];
const RATINGS = ["Hot", "Warm", "Cold"];

function storeWith(leads: Array<Record<string, unknown>>): Store {
  const store = new Store(buildSchemas(), new IdFactory("00D5g000004CANDOR"), () => NOW);
  const user = store.schema("User");
  const lead = store.schema("Lead");
  if (!user || !lead) throw new Error("schemas");
  const userId = store.insert(user, store.deserialize(user, { Id: "0055g00000AAAAAAA5", Username: "u@x.test", LastName: "U", Email: "u@x.test" }), "0055g00000AAAAAAA5", { system: true });
  for (const l of leads) store.insert(lead, store.deserialize(lead, { LastName: "L", Company: "C", ...l }), userId, { system: true });
  return store;
}

const ids = (store: Store, soql: string) => runSoql(store, soql, { version: "63.0", now: NOW }).records.map((r) => r.Id);
const errorOf = (fn: () => unknown): SfError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof SfError) return err;
    throw err;
  }
  throw new Error("expected an SfError");
};

describe("SOQL parser", () => {
  it("parses the supported grammar", () => {
    const q = parseSoql("SELECT Id, Owner.Name FROM Lead WHERE (Rating = 'Hot' OR Rating = null) AND NOT Company LIKE 'a\\%%' AND CreatedDate = LAST_N_DAYS:7 ORDER BY Name DESC NULLS FIRST LIMIT 10 OFFSET 5");
    expect(q.select).toHaveLength(2);
    expect(q.where).toMatchObject({ kind: "and", items: [{ kind: "or" }, { kind: "not" }, { kind: "compare", value: { kind: "dateLiteral", name: "LAST_N_DAYS", n: 7 } }] });
    expect(q.orderBy).toEqual([{ field: { path: "Name", pos: expect.any(Number) }, descending: true, nullsLast: false }]);
    expect([q.limit, q.offset]).toEqual([10, 5]);
  });

  it("reports malformed queries with Salesforce's row/column message", () => {
    const err = errorOf(() => parseSoql("SELECT Id FROM Lead WHERE A = 1 AND B = 2 OR C = 3"));
    expect(err.errorCode).toBe("MALFORMED_QUERY");
    expect(err.message).toContain("ERROR at Row:1:Column:43\nunexpected token: OR");
    expect(errorOf(() => parseSoql("SELECT FROM Lead")).errorCode).toBe("MALFORMED_QUERY");
    expect(errorOf(() => parseSoql("SELECT Id FROM Lead WHERE Name = 'open")).errorCode).toBe("MALFORMED_QUERY");
  });
});

describe("SOQL evaluation", () => {
  const store = storeWith([
    { LastName: "A", Company: "Acme", CreatedDate: "2026-03-15T01:00:00Z", Rating: "Hot" },
    { LastName: "B", Company: "Globex", CreatedDate: "2026-03-14T23:59:59Z" },
    { LastName: "C", Company: "50% Off", CreatedDate: "2026-01-02T00:00:00Z", NumberOfEmployees: 10 },
  ]);
  const names = (where: string) => runSoql(store, `SELECT LastName FROM Lead WHERE ${where} ORDER BY LastName`, { version: "63.0", now: NOW }).records.map((r) => r.LastName);

  it("applies date literals in UTC days", () => {
    expect(names("CreatedDate = TODAY")).toEqual(["A"]);
    expect(names("CreatedDate = YESTERDAY")).toEqual(["B"]);
    expect(names("CreatedDate = LAST_N_DAYS:1")).toEqual(["A", "B"]);
    expect(names("CreatedDate < THIS_MONTH")).toEqual(["C"]);
    expect(names("CreatedDate >= 2026-03-14T23:59:59.000+0000")).toEqual(["A", "B"]);
  });

  it("handles LIKE escapes, nulls, NOT IN and case-insensitive text", () => {
    expect(names("Company LIKE '50\\% %'")).toEqual(["C"]);
    expect(names("Company = 'ACME'")).toEqual(["A"]);
    expect(names("NumberOfEmployees = null")).toEqual(["A", "B"]);
    expect(names("NumberOfEmployees != 10")).toEqual(["A", "B"]);
    expect(names("Rating NOT IN ('Hot')")).toEqual(["B", "C"]);
  });

  it("counts and type-checks", () => {
    expect(runSoql(store, "SELECT COUNT() FROM Lead WHERE Rating = 'Hot'", { version: "63.0", now: NOW })).toEqual({ totalSize: 1, records: [] });
    expect(errorOf(() => names("CreatedDate > 2026-01-01")).errorCode).toBe("INVALID_FIELD");
    expect(errorOf(() => names("Id = 'xyz'")).errorCode).toBe("INVALID_QUERY_FILTER_OPERATOR");
    expect(errorOf(() => runSoql(store, "SELECT Id, COUNT() FROM Lead", { version: "63.0", now: NOW })).errorCode).toBe("MALFORMED_QUERY");
  });
});

// Property: for generated WHERE clauses, the sandbox selects exactly the rows a direct reading of
// SOQL's semantics selects (nulls never match ordered comparisons, != keeps nulls, text ignores case).
type Lit = string | number | boolean | null;
type Cond =
  | { kind: "cmp"; field: string; op: string; value: Lit }
  | { kind: "in"; field: string; negated: boolean; values: Lit[] }
  | { kind: "and" | "or"; items: Cond[] }
  | { kind: "not"; item: Cond };

const literal = (v: Lit) => (v === null ? "null" : typeof v === "string" ? `'${v}'` : String(v));
const render = (c: Cond): string => {
  switch (c.kind) {
    case "cmp": return `${c.field} ${c.op} ${literal(c.value)}`;
    case "in": return `${c.field} ${c.negated ? "NOT IN" : "IN"} (${c.values.map(literal).join(", ")})`;
    case "not": return `(NOT ${render(c.item)})`;
    default: return `(${c.items.map(render).join(c.kind === "and" ? " AND " : " OR ")})`;
  }
};
const norm = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
const holds = (c: Cond, row: Row): boolean => {
  switch (c.kind) {
    case "and": return c.items.every((i) => holds(i, row));
    case "or": return c.items.some((i) => holds(i, row));
    case "not": return !holds(c.item, row);
    case "in": {
      const hit = c.values.some((v) => holds({ kind: "cmp", field: c.field, op: "=", value: v }, row));
      return c.negated ? !hit : hit;
    }
    case "cmp": {
      const v = norm(row[c.field] ?? null);
      const t = norm(c.value);
      if (t === null) return c.op === "=" ? v === null : c.op === "!=" ? v !== null : false;
      if (v === null) return c.op === "!=";
      if (c.op === "LIKE") return new RegExp(`^${String(t).replace(/%/g, ".*").replace(/_/g, ".")}$`).test(String(v));
      const [a, b] = [v as number | string, t as number | string];
      return { "=": a === b, "!=": a !== b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b }[c.op] ?? false;
    }
  }
};

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const atom: fc.Arbitrary<Cond> = fc.oneof(
  fc.record({ kind: fc.constant("cmp" as const), field: fc.constant("NumberOfEmployees"), op: fc.constantFrom("=", "!=", "<", ">", "<=", ">="), value: nullable(fc.integer({ min: 0, max: 6 })) }),
  fc.record({ kind: fc.constant("cmp" as const), field: fc.constant("Company"), op: fc.constantFrom("=", "!=", "<", ">="), value: fc.constantFrom(...COMPANIES) }),
  fc.record({ kind: fc.constant("cmp" as const), field: fc.constant("Company"), op: fc.constant("LIKE"), value: fc.constantFrom("acme%", "%e%", "_lobex", "%") }),
  fc.record({ kind: fc.constant("cmp" as const), field: fc.constant("Rating"), op: fc.constantFrom("=", "!="), value: nullable(fc.constantFrom(...RATINGS)) }),
  fc.record({ kind: fc.constant("cmp" as const), field: fc.constant("IsUnreadByOwner"), op: fc.constantFrom("=", "!="), value: fc.boolean() }),
  fc.record({ kind: fc.constant("in" as const), field: fc.constant("Rating"), negated: fc.boolean(), values: fc.array(fc.constantFrom(...RATINGS), { minLength: 1, maxLength: 3 }) }),
);
const cond: fc.Arbitrary<Cond> = fc.letrec<{ c: Cond }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atom,
    fc.record({ kind: fc.constantFrom("and" as const, "or" as const), items: fc.array(tie("c"), { minLength: 2, maxLength: 3 }) }),
    fc.record({ kind: fc.constant("not" as const), item: tie("c") }),
  ),
})).c;
const leadRow = fc.record({
  NumberOfEmployees: nullable(fc.integer({ min: 0, max: 6 })),
  Company: fc.constantFrom(...COMPANIES),
  Rating: nullable(fc.constantFrom(...RATINGS)),
  IsUnreadByOwner: fc.boolean(),
});

describe("SOQL WHERE (property)", () => {
  it("selects exactly the rows the condition holds for", () => {
    fc.assert(
      fc.property(fc.array(leadRow, { minLength: 1, maxLength: 25 }), cond, (rows, c) => {
        const store = storeWith(rows);
        const expected = store.rows("Lead").filter((r) => holds(c, r)).map((r) => r.Id);
        expect(ids(store, `SELECT Id FROM Lead WHERE ${render(c)}`)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
