import SCIMMY from "scimmy";
import { describe, expect, it } from "vitest";
import { parseFilter } from "./filter";
import { matches } from "./filter-match";
import type { JsonObject } from "./json";
import { GROUP_RESOURCE, USER_RESOURCE, type ResourceSchema } from "./schemas";
import type { AttributeDefinition } from "./schema-definitions";
import { loadVectors } from "@/test/support/scim/vectors";

interface MatchVectors {
  match: { source: JsonObject[]; targets: Record<string, { expression: object; expected: number[] }[]> };
}

const { match } = loadVectors<MatchVectors>("types-filter.json");

// The fixture users carry no schema. Without one we apply RFC 7643 §2.2's default caseExact=false;
// scimmy compares case-sensitively. Declaring the fixture's strings caseExact must reproduce the
// vectors, which shows the remaining differences are exactly that default.
const exact = (name: string, type: AttributeDefinition["type"] = "string", extra: Partial<AttributeDefinition> = {}): AttributeDefinition => ({
  name, type, multiValued: false, description: "", required: false, caseExact: true, mutability: "readWrite", returned: "default", ...extra,
});
const FIXTURE_SCHEMA: ResourceSchema = {
  ...USER_RESOURCE,
  core: {
    ...USER_RESOURCE.core,
    attributes: [
      exact("userName"), exact("date", "dateTime"), exact("number", "integer"), exact("exists", "boolean"),
      exact("name", "complex", { subAttributes: [exact("formatted"), exact("givenName"), exact("familyName")] }),
      exact("emails", "complex", { multiValued: true, subAttributes: [exact("type"), exact("value"), exact("primary", "boolean")] }),
    ],
  },
};

// Deliberate divergences, keyed by the filter text scimmy prints for the vector's expression.
const MATCH_DIVERGENCES: Record<string, { reason: string; ours: number[] | "invalidFilter"; withCaseExactSchema?: number[] }> = {
  'userName co "A"': { reason: "caseExact=false by default", ours: [1, 2, 4], withCaseExactSchema: [1, 2] },
  'userName co "A" and name.formatted co "a"': { reason: "caseExact=false by default", ours: [1, 2, 4], withCaseExactSchema: [1, 2] },
  'date gt "2021-09-08" or userName co "a"': { reason: "caseExact=false by default", ours: [1, 2, 4], withCaseExactSchema: [2, 4] },
  "userName np": { reason: "`np` is not an RFC 7644 operator", ours: "invalidFilter" },
  "exists np": { reason: "`np` is not an RFC 7644 operator", ours: "invalidFilter" },
  'userName un "AdeleV"': { reason: "unknown operators are rejected at parse time", ours: "invalidFilter" },
  // RFC 7644 §3.4.2.2 evaluates each attrExp on its own: MeganB has a work email and (another)
  // email ending in example.net. The same-element reading is `emails[type eq "work" and value ew …]`.
  'emails.type eq "work" and emails.value ew "example.net"': {
    reason: "dotted paths are independent conditions; scimmy's object form conflates them with a value path",
    ours: [1, 4],
    withCaseExactSchema: [1, 4],
  },
};

const matchCases = Object.entries(match.targets).flatMap(([group, cases]) =>
  cases.map((c) => ({ group, ...c, text: new SCIMMY.Types.Filter(c.expression as Record<string, unknown>).expression })),
);

function ids(text: string, schema?: ResourceSchema): number[] | "invalidFilter" {
  let ast;
  try {
    ast = parseFilter(text);
  } catch {
    return "invalidFilter";
  }
  return match.source.filter((r) => matches(ast, r, schema)).map((r) => r.id as number);
}

describe("filter match vectors (types-filter.json) against the expected ids and scimmy", () => {
  it.each(matchCases)("$group: $text", ({ expression, expected, text }) => {
    const oracle = new SCIMMY.Types.Filter(expression as Record<string, unknown>).match(match.source).map((r) => (r as JsonObject).id);
    expect(oracle).toEqual(expected);
    const divergence = MATCH_DIVERGENCES[text];
    if (divergence) {
      expect(ids(text)).toEqual(divergence.ours);
      if (divergence.withCaseExactSchema) expect(ids(text, FIXTURE_SCHEMA)).toEqual(divergence.withCaseExactSchema);
      return;
    }
    expect(ids(text)).toEqual(expected);
    expect(ids(text, FIXTURE_SCHEMA)).toEqual(expected);
  });

  it("lists only divergences present in the vectors", () => {
    for (const text of Object.keys(MATCH_DIVERGENCES)) expect(matchCases.some((c) => c.text === text)).toBe(true);
  });

  it("keeps the same-element reading for the bracketed form", () => {
    expect(ids('emails[type eq "work" and value ew "example.net"]')).toEqual([1]);
  });
});

describe("matches with the User and Group schemas", () => {
  const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
  const user: JsonObject = {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
    id: "u-1",
    externalId: "Ext-1",
    userName: "Bjensen@Example.com",
    active: true,
    name: { givenName: "Barbara", familyName: "Jensen" },
    emails: [
      { type: "work", value: "bjensen@example.com", primary: true },
      { type: "home", value: "babs@jensen.org" },
    ],
    meta: { resourceType: "User", lastModified: "2024-05-01T10:00:00+02:00" },
    [ENT]: { employeeNumber: "701984", manager: { value: "m-9" } },
  };
  const is = (text: string, resource: JsonObject = user, schema: ResourceSchema = USER_RESOURCE) => matches(parseFilter(text), resource, schema);

  it("compares userName and emails case-insensitively but id and externalId exactly", () => {
    expect(is('userName eq "bjensen@example.com"')).toBe(true);
    expect(is('emails.value eq "BJENSEN@example.com"')).toBe(true);
    expect(is('externalId eq "ext-1"')).toBe(false);
    expect(is('externalId eq "Ext-1"')).toBe(true);
    expect(is('id eq "U-1"')).toBe(false);
  });

  it("evaluates value paths per element and dotted paths per attribute", () => {
    expect(is('emails[type eq "work" and value ew "@example.com"]')).toBe(true);
    expect(is('emails[type eq "home" and value ew "@example.com"]')).toBe(false);
    expect(is('emails.type eq "home" and emails.value ew "@example.com"')).toBe(true);
    expect(is('emails[type eq "work"].primary eq true')).toBe(true);
    expect(is('emails co "jensen.org"')).toBe(true);
  });

  it("handles booleans sent as strings, dates, extensions and presence", () => {
    expect(is('active eq "True"')).toBe(true);
    expect(is("active eq false")).toBe(false);
    expect(is('meta.lastModified gt "2024-05-01T07:59:59Z"')).toBe(true);
    expect(is('meta.lastModified gt "2024-05-01T08:00:00Z"')).toBe(false);
    expect(is(`${ENT}:employeeNumber eq "701984"`)).toBe(true);
    expect(is(`${ENT}:manager.value eq "m-9"`)).toBe(true);
    expect(is("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"bjensen\"")).toBe(true);
    expect(is("title pr")).toBe(false);
    expect(is('title ne "Boss"')).toBe(true);
    expect(is("title eq null")).toBe(true);
    expect(is('not (userName eq "x") and name.givenName sw "bar"')).toBe(true);
  });

  it("answers Entra's group membership check", () => {
    const group: JsonObject = { id: "g-1", displayName: "Sales", members: [{ value: "u-1" }, { value: "u-2" }] };
    expect(is('id eq "g-1" and members eq "u-2"', group, GROUP_RESOURCE)).toBe(true);
    expect(is('id eq "g-1" and members eq "u-3"', group, GROUP_RESOURCE)).toBe(false);
    expect(is('members[value eq "u-1"]', group, GROUP_RESOURCE)).toBe(true);
    expect(is('displayName eq "sales"', group, GROUP_RESOURCE)).toBe(true);
  });
});
