import fc from "fast-check";
import type { z } from "zod";

// Generators for app/api/route-fuzz.integration.test.ts: hostile inputs, and inputs shaped like a
// route's own zod schemas (read from its RouteMeta) so that some of them get past validation and
// reach the handler, with one part swapped for something hostile.

// Strings that have broken servers: NUL, lone and reversed surrogates, CR/LF (header injection),
// tabs, encoded forms, path tricks, numbers that do not fit, very long text.
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.constantFrom(
    "", " ", "\u0000", "a\u0000b", "\uD800", "\uDFFF", "x\uDC00\uD800y", "\uD83D\uDE00", "\r\n", "ok\r\nSet-Cookie: x=1", "\t",
    "%00", "%0d%0a", "%ED%A0%80", "../../etc/passwd", "/\t/evil.example/", "//evil.example", "<script>alert(1)</script>",
    "' OR 1=1 --", "null", "undefined", "NaN", "-1", "1e309", "9".repeat(40), "00000000-0000-4000-8000-000000000000",
    "__proto__", "constructor", "SALESFORCE", "HUBSPOT", "Lead", "ADMIN", "EMEA",
  ),
  fc.integer({ min: 5_000, max: 120_000 }).map((n) => "x".repeat(n)),
);

const hostileKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("__proto__", "constructor", "prototype", "a\u0000", "\uD800", ""));

export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, -1)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(hostileKey, tie("value"), { maxKeys: 5 }),
  ),
})).value;

// JSON nested past the wrapper's depth limit, written as text (building it as an object first
// would only test JSON.stringify).
export const deeplyNestedText = fc
  .tuple(fc.integer({ min: 65, max: 20_000 }), fc.constantFrom("[", '{"a":'))
  .map(([depth, open]) => `${open.repeat(depth)}1${(open === "[" ? "]" : "}").repeat(depth)}`);

type Def = { type: string; [k: string]: unknown };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

// The fields an object schema names, looking through optional, pipe (transform), union and the like.
export function shapeOf(schema: z.ZodType | null | undefined): Record<string, z.ZodType> {
  if (!schema) return {};
  const def = defOf(schema);
  switch (def.type) {
    case "object":
      return def.shape as Record<string, z.ZodType>;
    case "pipe":
      return shapeOf(def.in as z.ZodType);
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
    case "catch":
      return shapeOf(def.innerType as z.ZodType);
    case "union":
      return Object.assign({}, ...(def.options as z.ZodType[]).map(shapeOf));
    case "intersection":
      return { ...shapeOf(def.left as z.ZodType), ...shapeOf(def.right as z.ZodType) };
    default:
      return {};
  }
}

// A value of roughly the type the schema asks for: right type, often right form (ids Candor knows,
// ISO dates, emails, enum members), so that validation sometimes passes.
export function plausible(schema: z.ZodType, knownIds: readonly string[], depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const text = fc.oneof(
    fc.constantFrom(...knownIds, "2026-06-01T12:00:00.000Z", "rep@acme.example", "A reason long enough to pass", "Lead", "contact", "0-1"),
    fc.uuid(),
    fc.string({ minLength: 1, maxLength: 20 }),
  );
  if (depth > 6) return fc.constant(null);
  switch (def.type) {
    case "string":
      return text;
    case "number":
    case "int":
    case "bigint":
      return fc.oneof(fc.integer({ min: -5, max: 500 }), fc.double({ noNaN: true, min: 0, max: 1 }));
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "object": {
      const shape = def.shape as Record<string, z.ZodType>;
      const keys = Object.keys(shape);
      if (keys.length === 0) return fc.constant({});
      return fc.record(Object.fromEntries(keys.map((k) => [k, plausible(shape[k]!, knownIds, depth + 1)])), { requiredKeys: [] });
    }
    case "array":
      return fc.array(plausible(def.element as z.ZodType, knownIds, depth + 1), { maxLength: 3 });
    case "record":
      return fc.dictionary(fc.string({ maxLength: 10 }), plausible(def.valueType as z.ZodType, knownIds, depth + 1), { maxKeys: 3 });
    case "optional":
    case "nullable":
    case "default":
    case "readonly":
    case "catch":
      return fc.oneof(plausible(def.innerType as z.ZodType, knownIds, depth + 1), fc.constant(undefined));
    case "pipe":
      return plausible(def.in as z.ZodType, knownIds, depth);
    case "union":
      return fc.oneof(...(def.options as z.ZodType[]).map((o) => plausible(o, knownIds, depth + 1)));
    case "intersection":
      return fc
        .tuple(plausible(def.left as z.ZodType, knownIds, depth + 1), plausible(def.right as z.ZodType, knownIds, depth + 1))
        .map(([a, b]) => (a && b && typeof a === "object" && typeof b === "object" ? { ...a, ...b } : a));
    default:
      return hostileJson;
  }
}

// A schema-shaped object with one field swapped for something hostile (or an unknown field added).
export function poisoned(schema: z.ZodType | null | undefined, knownIds: readonly string[]): fc.Arbitrary<unknown> {
  if (!schema) return hostileJson;
  const keys = Object.keys(shapeOf(schema));
  return fc
    .tuple(plausible(schema, knownIds), fc.oneof(fc.constantFrom(...(keys.length ? keys : ["x"])), hostileKey), hostileJson, fc.boolean())
    .map(([value, key, bad, poison]) => (poison && value && typeof value === "object" && !Array.isArray(value) ? { ...value, [key]: bad } : value));
}

// What a query string can carry that URLSearchParams would never write: raw percent sequences,
// broken escapes, repeated and empty keys.
export const rawQueryPiece = fc.constantFrom("%00", "%ZZ", "%", "%ED%A0%80", "%C0%AE", "&&", "=", "a=1&a=2", "+", "%0D%0A", "%09");

// Content types for a body: the one the route reads, and the ones it must refuse.
export const contentTypes = (format: "json" | "form") =>
  fc.constantFrom(
    format === "json" ? "application/json" : "application/x-www-form-urlencoded",
    format === "json" ? "application/scim+json" : "application/x-www-form-urlencoded; charset=utf-8",
    format === "json" ? "application/x-www-form-urlencoded" : "application/json",
    "text/plain", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "",
  );
