import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import type { JsonObject } from "./json";
import { applyPatch, parsePatchRequest, PATCH_OP_SCHEMA } from "./patch";
import { ENTERPRISE_USER_SCHEMA_ID, GROUP_RESOURCE, USER_RESOURCE, USER_SCHEMA_ID } from "./schemas";
import { scimmyPatch, VECTOR_SCHEMA } from "@/test/support/scim/scimmy-oracle";
import { loadVectors } from "@/test/support/scim/vectors";

interface PatchVector {
  source: JsonObject;
  target: JsonObject;
  ops: unknown[];
}

const vectors = loadVectors<{ inbound: Record<string, PatchVector[]> }>("messages-patchop.json");
const cases = Object.entries(vectors.inbound).flatMap(([op, list]) => list.map((v, i) => ({ id: `${op}#${i + 1}`, ...v })));

// Deliberate divergences from scimmy (and its stored target), with what we produce instead.
const PATCH_DIVERGENCES: Record<string, { reason: string; ours: JsonObject | { error: string } }> = {
  "replace#2": {
    reason:
      "RFC 7644 §3.5.2.3: replacing a complex attribute leaves unspecified sub-attributes unchanged; scimmy drops them",
    ours: { id: "1234", userName: "asdf", name: { honorificPrefix: "Mr", formatted: "Test" } },
  },
  "replace#4": {
    reason: "RFC 7644 §3.5.2.3: a value filter that matches nothing is noTarget; scimmy appends a new value",
    ours: { error: "noTarget" },
  },
};

function ours(source: JsonObject, ops: unknown[]): JsonObject | { error: string } {
  try {
    return applyPatch(source, ops, { schema: VECTOR_SCHEMA });
  } catch (e) {
    if (e instanceof ScimError) return { error: e.scimType ?? String(e.status) };
    throw e;
  }
}

describe("PatchOp vectors (messages-patchop.json) against the stored target and scimmy", () => {
  it.each(cases)("$id: $ops", async ({ id, source, target, ops }) => {
    const oracle = await scimmyPatch(source, ops);
    expect(oracle, "scimmy reproduces its own vector").toEqual(target);
    const divergence = PATCH_DIVERGENCES[id];
    expect(ours(source, ops)).toEqual(divergence ? divergence.ours : oracle);
  });

  it("lists only divergences that exist and still diverge", async () => {
    for (const [id, d] of Object.entries(PATCH_DIVERGENCES)) {
      const c = cases.find((x) => x.id === id)!;
      expect(d.ours).not.toEqual(await scimmyPatch(c.source, c.ops));
    }
  });
});

const ENT = ENTERPRISE_USER_SCHEMA_ID;
const user: JsonObject = {
  schemas: [USER_SCHEMA_ID],
  id: "u-1",
  userName: "bjensen",
  active: true,
  name: { givenName: "Barbara", familyName: "Jensen" },
  emails: [
    { type: "work", value: "bjensen@example.com", primary: true },
    { type: "home", value: "babs@example.org" },
  ],
  meta: { resourceType: "User", created: "2024-01-01T00:00:00Z" },
};
const group: JsonObject = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  id: "g-1",
  displayName: "Sales",
  members: [{ value: "u-1", display: "Barbara" }, { value: "u-2" }],
};
const patchUser = (ops: unknown[], source = user) => applyPatch(source, ops, { schema: USER_RESOURCE });
const patchGroup = (ops: unknown[], source = group) => applyPatch(source, ops, { schema: GROUP_RESOURCE });

describe("Microsoft Entra default mode", () => {
  it("accepts capitalised ops and booleans as strings", () => {
    const out = patchUser([
      { op: "Replace", path: "active", value: "False" },
      { op: "Replace", path: 'emails[type eq "work"].value', value: "barbara@example.com" },
      { op: "Add", path: `${ENT}:employeeNumber`, value: "701984" },
      { op: "Replace", path: `${ENT}:manager`, value: "m-9" },
    ]);
    expect(out.active).toBe(false);
    expect(out.emails).toEqual([
      { type: "work", value: "barbara@example.com", primary: true },
      { type: "home", value: "babs@example.org" },
    ]);
    expect(out[ENT]).toEqual({ employeeNumber: "701984", manager: { value: "m-9" } });
    expect(out.schemas).toEqual([USER_SCHEMA_ID, ENT]);
  });

  it("removes members by value list, idempotently", () => {
    const ops = [{ op: "Remove", path: "members", value: [{ value: "u-2" }] }];
    expect(patchGroup(ops).members).toEqual([{ value: "u-1", display: "Barbara" }]);
    expect(patchGroup(ops, patchGroup(ops))).toEqual(patchGroup(ops));
  });

  it("adds members without duplicating an existing reference", () => {
    const out = patchGroup([{ op: "Add", path: "members", value: [{ value: "u-1" }, { value: "u-3" }] }]);
    expect(out.members).toEqual([{ value: "u-1", display: "Barbara" }, { value: "u-2" }, { value: "u-3" }]);
  });

  it("creates a multi-valued element from the filter when add matches nothing", () => {
    const out = patchUser([{ op: "Add", path: 'phoneNumbers[type eq "work"].value', value: "+1 555 0100" }]);
    expect(out.phoneNumbers).toEqual([{ type: "work", value: "+1 555 0100" }]);
  });
});

describe("Microsoft Entra ?aadOptscim062020 and Okta", () => {
  it("applies path-less replace with dotted, URN and filtered keys and real booleans", () => {
    const out = patchUser([
      {
        op: "replace",
        value: {
          displayName: "Babs",
          "name.givenName": "Babs",
          [`${ENT}:department`]: "Sales",
          'emails[type eq "work"].value': "babs@example.com",
          active: false,
        },
      },
    ]);
    expect(out).toMatchObject({ displayName: "Babs", name: { givenName: "Babs", familyName: "Jensen" }, active: false });
    expect(out[ENT]).toEqual({ department: "Sales" });
    expect((out.emails as JsonObject[])[0]!.value).toBe("babs@example.com");
  });

  it("removes a member by value filter", () => {
    expect(patchGroup([{ op: "remove", path: 'members[value eq "u-1"]' }]).members).toEqual([{ value: "u-2" }]);
  });

  it("ignores a read-only attribute restated with its current value (Okta's group rename)", () => {
    const group = patchGroup([{ op: "replace", value: { id: "g-1", displayName: "Renamed" } }]);
    expect(group.displayName).toBe("Renamed");
    expect(group.id).toBe("g-1");
  });

  it("applies Okta's deactivation and whole-extension writes", () => {
    expect(patchUser([{ op: "replace", value: { active: false } }]).active).toBe(false);
    const out = patchUser([{ op: "add", value: { [ENT]: { costCenter: "CC-1" } } }]);
    expect(out[ENT]).toEqual({ costCenter: "CC-1" });
    expect(patchUser([{ op: "remove", path: ENT }], out)[ENT]).toBeUndefined();
  });
});

describe("RFC 7644 §3.5.2 semantics", () => {
  it("keeps one primary value", () => {
    const out = patchUser([{ op: "add", path: "emails", value: [{ value: "new@example.com", primary: true }] }]);
    expect((out.emails as JsonObject[]).map((e) => e.primary)).toEqual([false, undefined, true]);
  });

  it("replaces a multi-valued attribute wholesale and merges a complex one", () => {
    expect(patchUser([{ op: "replace", path: "emails", value: [{ value: "only@example.com" }] }]).emails).toEqual([{ value: "only@example.com" }]);
    expect(patchUser([{ op: "replace", path: "name", value: { givenName: "B" } }]).name).toEqual({ givenName: "B", familyName: "Jensen" });
  });

  it("removes sub-attributes and drops emptied containers", () => {
    expect(patchUser([{ op: "remove", path: "name.givenName" }]).name).toEqual({ familyName: "Jensen" });
    const out = patchUser([{ op: "remove", path: "name.givenName" }, { op: "remove", path: "name.familyName" }]);
    expect(out.name).toBeUndefined();
    expect(patchUser([{ op: "remove", path: 'emails[type eq "home"]' }]).emails).toHaveLength(1);
  });

  it("never mutates its input", () => {
    const frozen = structuredClone(user);
    patchUser([{ op: "replace", path: 'emails[type eq "work"].primary', value: false }, { op: "remove", path: "name" }], frozen);
    expect(frozen).toEqual(user);
  });
});

describe("PATCH errors", () => {
  it.each([
    [[{ op: "move", path: "title", value: "x" }], "invalidSyntax"],
    [[{ op: "add", path: "nickname.first", value: "x" }], "invalidPath"],
    [[{ op: "add", path: "noSuchAttribute", value: "x" }], "invalidPath"],
    [[{ op: "add", path: 'name[givenName eq "x"]', value: "x" }], "invalidPath"],
    [[{ op: "add", path: 17, value: "x" }], "invalidPath"],
    [[{ op: "replace", path: "emails[type eq]", value: "x" }], "invalidFilter"],
    [[{ op: "replace", path: 'emails[type eq "other"].value', value: "x" }], "noTarget"],
    [[{ op: "remove", path: 'emails[type eq "other"]' }], "noTarget"],
    [[{ op: "remove" }], "noTarget"],
    [[{ op: "replace", path: "active", value: "maybe" }], "invalidValue"],
    [[{ op: "replace", path: "emails", value: [{ value: 5 }] }], "invalidValue"],
    [[{ op: "replace", value: "not an object" }], "invalidValue"],
    [[{ op: "add", path: "title" }], "invalidValue"],
    [[{ op: "remove", path: "userName" }], "invalidValue"],
    [[{ op: "replace", path: "id", value: "u-2" }], "mutability"],
    [[{ op: "replace", value: { id: "u-2" } }], "mutability"],
    [[{ op: "remove", path: "meta" }], "mutability"],
    [[{ op: "add", path: "groups", value: [{ value: "g-1" }] }], "mutability"],
  ])("%j -> %s", (ops, scimType) => {
    expect(() => patchUser(ops)).toThrow(expect.objectContaining({ name: "ScimError", scimType }));
  });

  it("refuses to rewrite an immutable member reference", () => {
    expect(() => patchGroup([{ op: "replace", path: 'members[value eq "u-1"].display', value: "B" }])).toThrow(
      expect.objectContaining({ scimType: "mutability" }),
    );
  });
});

describe("parsePatchRequest", () => {
  it("validates the envelope and normalises op names", () => {
    expect(parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: [{ op: "Replace", path: "active", value: "False" }] })).toEqual([
      { op: "replace", path: "active", value: "False" },
    ]);
    expect(() => parsePatchRequest({ schemas: ["x"], Operations: [{ op: "add", value: {} }] })).toThrow(
      expect.objectContaining({ scimType: "invalidSyntax" }),
    );
    expect(() => parsePatchRequest({ schemas: [PATCH_OP_SCHEMA], Operations: [] })).toThrow(expect.objectContaining({ scimType: "invalidSyntax" }));
    expect(() => parsePatchRequest([])).toThrow(expect.objectContaining({ scimType: "invalidSyntax" }));
  });
});
