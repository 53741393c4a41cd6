import SCIMMY from "scimmy";
import { describe, expect, it } from "vitest";
import { resourceTypeDocuments, schemaDocument, schemaDocuments, serviceProviderConfig } from "./documents";
import type { JsonObject } from "./json";
import {
  ENTERPRISE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA_ID,
  GROUP_SCHEMA,
  USER_SCHEMA,
  USER_SCHEMA_ID,
  validateGroup,
  validateUser,
} from "./schemas";
import { loadVectors } from "@/test/support/scim/vectors";

// Everything below compares against scimmy's User extended with the Enterprise User schema. The
// mutation of scimmy's registry is confined to this test file (vitest isolates files).
// scimmy's typings declare an instance where its runtime takes the schema class.
SCIMMY.Schemas.User.extend(SCIMMY.Schemas.EnterpriseUser as unknown as SCIMMY.Types.Schema, false);
SCIMMY.Resources.declare(SCIMMY.Resources.User.extend(SCIMMY.Schemas.EnterpriseUser, false));

const DEFAULTS = { multiValued: false, required: false, caseExact: false, mutability: "readWrite", returned: "default", uniqueness: "none" };

// RFC 7643 §2.2 lets a document omit characteristics that have their default value; fill them in
// on both sides so only meaning is compared.
function withDefaults(doc: unknown): unknown {
  if (Array.isArray(doc)) return doc.map(withDefaults);
  if (typeof doc !== "object" || doc === null) return doc;
  const obj = doc as Record<string, unknown>;
  const out: Record<string, unknown> = "type" in obj && "name" in obj ? { ...DEFAULTS } : {};
  for (const [k, v] of Object.entries(obj)) out[k] = withDefaults(v);
  return out;
}

const SCHEMA_VECTORS = [
  { file: "schemas-user.json", ours: USER_SCHEMA, oracle: SCIMMY.Schemas.User },
  { file: "schemas-group.json", ours: GROUP_SCHEMA, oracle: SCIMMY.Schemas.Group },
  { file: "schemas-enterpriseuser.json", ours: ENTERPRISE_USER_SCHEMA, oracle: SCIMMY.Schemas.EnterpriseUser },
];

describe("/Schemas documents against schemas-*.json and scimmy's definitions", () => {
  it.each(SCHEMA_VECTORS)("$file", ({ file, ours, oracle }) => {
    const vector = loadVectors<{ definition: JsonObject }>(file).definition;
    const doc = schemaDocument(ours, "");
    expect(withDefaults(doc)).toEqual(withDefaults(vector));
    // scimmy's describe() nests the core User's extension attributes in its own definition; compare
    // the schema's own attributes only.
    const described = JSON.parse(JSON.stringify(oracle.definition.describe("/Schemas"))) as JsonObject;
    const own = (described.attributes as JsonObject[]).filter((a) => !String(a.name).startsWith("urn:"));
    expect(withDefaults({ ...described, attributes: own })).toEqual(withDefaults(doc));
  });

  it("serves core and extension schemas once each, located under the base URL", () => {
    const docs = schemaDocuments("https://candor.example/api/scim/v2/");
    expect(docs.map((d) => d.id)).toEqual([USER_SCHEMA_ID, ENTERPRISE_USER_SCHEMA_ID, GROUP_SCHEMA.id]);
    expect((docs[0]!.meta as JsonObject).location).toBe(`https://candor.example/api/scim/v2/Schemas/${USER_SCHEMA_ID}`);
  });
});

describe("/ResourceTypes and /ServiceProviderConfig", () => {
  it("match scimmy's resource type descriptions and coerce through its ResourceType schema", () => {
    const [user, group] = resourceTypeDocuments("");
    const strip = ({ schemas: _s, meta: _m, ...rest }: JsonObject) => rest;
    expect(strip(user!)).toEqual(JSON.parse(JSON.stringify(SCIMMY.Resources.User.describe())));
    expect(strip(group!)).toEqual(JSON.parse(JSON.stringify(SCIMMY.Resources.Group.describe())));
    for (const doc of [user!, group!]) expect(() => new SCIMMY.Schemas.ResourceType(doc, "out")).not.toThrow();
  });

  it("advertise exactly the supported features and pass scimmy's ServiceProviderConfig schema", () => {
    const doc = serviceProviderConfig("https://candor.example/api/scim/v2");
    expect(doc).toMatchObject({
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [{ type: "oauthbearertoken", primary: true }],
      meta: { location: "https://candor.example/api/scim/v2/ServiceProviderConfig" },
    });
    const coerced = JSON.parse(JSON.stringify(new SCIMMY.Schemas.ServiceProviderConfig(doc, "out"))) as JsonObject;
    // scimmy's schema has no `primary` sub-attribute (RFC 7643 §8.5 uses it in its example).
    const { meta: _m, ...rest } = doc;
    const schemes = (rest.authenticationSchemes as JsonObject[]).map(({ primary: _p, ...s }) => s);
    expect({ ...coerced, meta: undefined }).toEqual({ ...rest, authenticationSchemes: schemes, meta: undefined });
  });
});

const ENT = ENTERPRISE_USER_SCHEMA_ID;

// RFC 7643 §8.2 (trimmed), Entra's and Okta's POST /Users bodies.
const USER_SAMPLES: Record<string, JsonObject> = {
  "RFC 7643 §8.2": {
    schemas: [USER_SCHEMA_ID, ENT],
    id: "2819c223-7f76-453a-919d-413861904646",
    externalId: "701984",
    userName: "bjensen@example.com",
    name: { formatted: "Ms. Barbara J Jensen, III", familyName: "Jensen", givenName: "Barbara", honorificSuffix: "III" },
    displayName: "Babs Jensen",
    profileUrl: "https://login.example.com/bjensen",
    emails: [
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
    ],
    addresses: [{ type: "work", streetAddress: "100 Universal City Plaza", locality: "Hollywood", region: "CA", postalCode: "91608", country: "USA", primary: true }],
    phoneNumbers: [{ value: "555-555-5555", type: "work" }],
    x509Certificates: [{ value: "MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQA=" }],
    userType: "Employee",
    title: "Tour Guide",
    preferredLanguage: "en-US",
    locale: "en-US",
    timezone: "America/Los_Angeles",
    active: true,
    password: "t1meMa$heen",
    groups: [{ value: "e9e30dba-f08f-4109-8486-d5c6a331660a", display: "Tour Guides" }],
    [ENT]: { employeeNumber: "701984", costCenter: "4130", organization: "Universal Studios", division: "Theme Park", department: "Tour Operations", manager: { value: "26118915-6090-4610-87e4-49d8ca9f808d", displayName: "John Smith" } },
    meta: { resourceType: "User", created: "2010-01-23T04:56:22Z" },
  },
  "Entra POST": {
    schemas: [USER_SCHEMA_ID, ENT],
    externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    userName: "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
    active: "True",
    emails: [{ primary: "true", type: "work", value: "Test_User_fd0ea19b@testuser.com" }],
    meta: { resourceType: "User" },
    name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
    roles: [],
    [ENT]: { department: "Dept" },
  },
  "Okta POST": {
    schemas: [USER_SCHEMA_ID],
    userName: "isabella@example.com",
    name: { givenName: "Isabella", familyName: "Moreno" },
    emails: [{ primary: true, value: "isabella@example.com", type: "work" }],
    displayName: "Isabella Moreno",
    locale: "en-US",
    externalId: "00u1dhhb1fkIGP7RL1d8",
    groups: [],
    password: "1mz050nq",
    active: true,
  },
};

describe("validateUser / validateGroup against scimmy's User and Group schemas", () => {
  it.each(Object.entries(USER_SAMPLES))("%s is accepted, normalised and accepted by scimmy", (_name, input) => {
    const ours = validateUser(input, { mode: "create" });
    expect(ours.id).toBeUndefined();
    expect(ours.meta).toBeUndefined();
    expect(ours.groups).toBeUndefined();
    expect(validateUser(ours, { mode: "replace" })).toEqual(ours);
    const oracle = JSON.parse(JSON.stringify({ ...new SCIMMY.Schemas.User(ours, "in") })) as JsonObject;
    const { schemas: _s, meta: _m, ...rest } = oracle;
    const { schemas: _o, ...mine } = ours;
    expect(rest).toEqual(mine);
  });

  it("coerces Entra's string booleans and drops what it must ignore", () => {
    const ours = validateUser(USER_SAMPLES["Entra POST"], { mode: "create" });
    expect(ours.active).toBe(true);
    expect(ours.emails).toEqual([{ primary: true, type: "work", value: "Test_User_fd0ea19b@testuser.com" }]);
    expect(ours.roles).toBeUndefined();
    const unknown = validateUser({ userName: "x", favouriteColour: "teal", "urn:example:custom:2.0:User": { a: 1 } }, { mode: "create" });
    expect(unknown).toEqual({ schemas: [USER_SCHEMA_ID], userName: "x" });
  });

  it("accepts case-insensitive names and flattened extension keys", () => {
    const ours = validateUser({ USERNAME: "x", Active: false, [`${ENT}:employeeNumber`]: "42" }, { mode: "create" });
    expect(ours).toEqual({ schemas: [USER_SCHEMA_ID, ENT], userName: "x", active: false, [ENT]: { employeeNumber: "42" } });
  });

  // `scimmy: "accepts"` marks where we are deliberately stricter than scimmy, each per the RFC:
  // userName must be non-empty (RFC 7643 §4.1.1), primary=true at most once (§2.4), and
  // `schemas` is an array of URIs (§3).
  it.each([
    ["no userName", { displayName: "x" }, "invalidValue", "rejects"],
    ["empty userName", { userName: "" }, "invalidValue", "accepts"],
    ["non-boolean active", { userName: "x", active: "maybe" }, "invalidValue", "rejects"],
    ["number as string attribute", { userName: "x", title: 7 }, "invalidValue", "rejects"],
    ["array for single-valued", { userName: "x", title: ["a"] }, "invalidValue", "rejects"],
    ["two primary emails", { userName: "x", emails: [{ value: "a", primary: true }, { value: "b", primary: true }] }, "invalidValue", "accepts"],
    ["schemas without core", { schemas: ["urn:x"], userName: "x" }, "invalidSyntax", "rejects"],
    ["schemas not an array", { schemas: "urn:x", userName: "x" }, "invalidSyntax", "accepts"],
  ])("rejects %s with %s (scimmy %s)", (_name, input, scimType, scimmy) => {
    expect(() => validateUser(input, { mode: "create" })).toThrow(expect.objectContaining({ scimType }));
    const oracle = () => new SCIMMY.Schemas.User(input, "in");
    if (scimmy === "rejects") expect(oracle).toThrow();
    else expect(oracle).not.toThrow();
  });

  it("rejects non-object bodies with invalidSyntax", () => {
    for (const body of [null, "x", [], 3]) {
      expect(() => validateUser(body, { mode: "create" })).toThrow(expect.objectContaining({ scimType: "invalidSyntax" }));
    }
  });

  it("validates groups and their members", () => {
    const input = { schemas: [GROUP_SCHEMA.id], displayName: "Sales", members: [{ value: "u-1", display: "Barbara", type: "User" }] };
    const ours = validateGroup(input, { mode: "create" });
    expect(ours).toEqual(input);
    const oracle = JSON.parse(JSON.stringify({ ...new SCIMMY.Schemas.Group(ours, "in") })) as JsonObject;
    expect({ ...oracle, schemas: undefined, meta: undefined }).toEqual({ ...ours, schemas: undefined });
    expect(() => validateGroup({ members: [] }, { mode: "create" })).toThrow(expect.objectContaining({ scimType: "invalidValue" }));
    expect(validateGroup({ displayName: "x", members: "u-1" }, { mode: "replace" }).members).toEqual([{ value: "u-1" }]);
  });

  it("accepts the constructor vectors", () => {
    expect(validateUser(loadVectors<{ constructor: JsonObject }>("schemas-user.json").constructor, { mode: "create" }).userName).toBe("Test");
    expect(validateGroup(loadVectors<{ constructor: JsonObject }>("schemas-group.json").constructor, { mode: "create" }).displayName).toBe("Test");
    const ent = loadVectors<{ constructor: JsonObject }>("schemas-enterpriseuser.json").constructor;
    expect(validateUser({ userName: "x", [ENT]: ent }, { mode: "create" })[ENT]).toEqual(ent);
  });
});
