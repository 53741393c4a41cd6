import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import type { JsonObject, JsonValue } from "./json";
import { applyPatch } from "./patch";
import { ENTERPRISE_USER_SCHEMA_ID, GROUP_RESOURCE, USER_RESOURCE, validateGroup, validateUser } from "./schemas";

const ENT = ENTERPRISE_USER_SCHEMA_ID;
const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== "");
const email = fc.tuple(fc.stringMatching(/^[a-z0-9._-]{1,8}$/), fc.constantFrom("example.com", "Example.org")).map(([l, d]) => `${l}@${d}`);

const userArb = fc
  .record(
    {
      userName: text,
      title: text,
      displayName: text,
      active: fc.boolean(),
      name: fc.record({ givenName: text, familyName: text }, { requiredKeys: [] }),
      emails: fc.uniqueArray(fc.record({ value: email, type: fc.constantFrom("work", "home") }), {
        selector: (e) => e.value.toLowerCase(),
        maxLength: 3,
      }),
      [ENT]: fc.record({ department: text, employeeNumber: text }, { requiredKeys: [] }),
    },
    { requiredKeys: ["userName"] },
  )
  .map((input): JsonObject => ({ ...validateUser(input, { mode: "create" }), id: "u-1" }));

const groupArb = fc
  .record({ displayName: text, members: fc.uniqueArray(fc.uuid().map((value) => ({ value })), { selector: (m) => m.value, maxLength: 5 }) })
  .map((input): JsonObject => ({ ...validateGroup(input, { mode: "create" }), id: "g-1" }));

const patchUser = (u: JsonObject, ops: unknown[]) => applyPatch(u, ops, { schema: USER_RESOURCE });

describe("patch properties: add then remove of the same value returns the original", () => {
  it("for an email, removed by value filter", () => {
    fc.assert(
      fc.property(userArb, email, (user, value) => {
        const existing = ((user.emails ?? []) as JsonObject[]).map((e) => String(e.value).toLowerCase());
        fc.pre(!existing.includes(value.toLowerCase()));
        const added = patchUser(user, [{ op: "add", path: "emails", value: [{ value, type: "other" }] }]);
        expect(added.emails).toContainEqual({ value, type: "other" });
        expect(patchUser(added, [{ op: "remove", path: `emails[value eq ${JSON.stringify(value)}]` }])).toEqual(user);
      }),
      { numRuns: 150 },
    );
  });

  it("for a group member, in both Entra removal forms", () => {
    fc.assert(
      fc.property(groupArb, fc.uuid(), fc.boolean(), (group, id, legacy) => {
        fc.pre(!((group.members ?? []) as JsonObject[]).some((m) => m.value === id));
        const opts = { schema: GROUP_RESOURCE };
        const added = applyPatch(group, [{ op: "Add", path: "members", value: [{ value: id }] }], opts);
        const removal = legacy
          ? { op: "Remove", path: "members", value: [{ value: id }] }
          : { op: "remove", path: `members[value eq "${id}"]` };
        expect(applyPatch(added, [removal], opts)).toEqual(group);
      }),
      { numRuns: 150 },
    );
  });

  it("for a single-valued, sub- or extension attribute, path-less add then path remove", () => {
    const paths = ["title", "nickName", "name.middleName", `${ENT}:costCenter`, `${ENT}:manager.value`];
    fc.assert(
      fc.property(userArb, fc.constantFrom(...paths), text, (user, path, value) => {
        const before = patchUser(user, [{ op: "remove", path }]);
        const added = patchUser(before, [{ op: "add", value: { [path]: value } }]);
        expect(added).not.toEqual(before);
        expect(patchUser(added, [{ op: "remove", path }])).toEqual(before);
      }),
      { numRuns: 150 },
    );
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const pathArb = fc.oneof(
  fc.constantFrom(
    "userName", "active", "title", "name", "name.givenName", "emails", 'emails[type eq "work"]', 'emails[type eq "work"].value',
    "emails.primary", "groups", "id", "meta.created", ENT, `${ENT}:manager`, `${ENT}:manager.displayName`, "members", 'members[value eq "x"]',
  ),
  fc.string({ maxLength: 20 }),
);
const opArb = fc.record(
  {
    op: fc.constantFrom("add", "Add", "remove", "Remove", "replace", "Replace", "copy"),
    path: pathArb,
    value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
  },
  { requiredKeys: ["op"] },
);

describe("patch properties: robustness", () => {
  it("throws nothing but ScimError and never mutates its input, for arbitrary operations", () => {
    fc.assert(
      fc.property(userArb, fc.array(opArb, { minLength: 1, maxLength: 4 }), (user, ops) => {
        const frozen = deepFreeze(structuredClone(user));
        try {
          const out = patchUser(frozen, ops);
          expect(out.userName).toBeTruthy();
          expect(out.id).toBe("u-1");
        } catch (e) {
          if (!(e instanceof ScimError)) throw e;
          expect(e.status).toBe(400);
        }
        expect(frozen).toEqual(user);
      }),
      { numRuns: 400 },
    );
  });
});
