import { describe, expect, it } from "vitest";
import { groupResource, isTombstone, memberIds, TOMBSTONE_KEY, userColumns, userResource, type UserRecord } from "./resources";
import { ENTERPRISE_USER_SCHEMA_ID, USER_SCHEMA_ID, validateGroup, validateUser } from "./schemas";

const BASE = "https://candor.example/scim/v2";
const at = new Date("2026-11-25T10:00:00.000Z");
const row = (over: Partial<UserRecord> = {}): UserRecord => ({
  id: "u-1", email: "zara@acme.example", name: "Zara Andersson", active: true, externalId: null, scim: null,
  createdAt: at, updatedAt: at, groups: [], ...over,
});

describe("userColumns", () => {
  it("takes the primary email, else the work one, else the first, else the userName", () => {
    const email = (emails: unknown[]) => userColumns(validateUser({ userName: "Login@Acme.Example", emails }, { mode: "create" })).email;
    expect(email([{ value: "home@x.example", type: "home" }, { value: "Main@X.example", primary: true }])).toBe("main@x.example");
    expect(email([{ value: "home@x.example", type: "home" }, { value: "work@x.example", type: "work" }])).toBe("work@x.example");
    expect(email([{ value: "first@x.example" }])).toBe("first@x.example");
    expect(email([])).toBe("login@acme.example");
  });

  it("names the user by displayName, formatted name, given + family, or userName", () => {
    const name = (input: object) => userColumns(validateUser({ userName: "u", ...input }, { mode: "create" })).name;
    expect(name({ displayName: "Babs", name: { formatted: "Barbara J" } })).toBe("Babs");
    expect(name({ name: { formatted: "Barbara J", givenName: "B" } })).toBe("Barbara J");
    expect(name({ name: { givenName: "Barbara", familyName: "Jensen" } })).toBe("Barbara Jensen");
    expect(name({})).toBe("u");
  });

  it("keeps the IdP's attributes but never a password, and leaves active unset when absent", () => {
    const columns = userColumns(validateUser({ userName: "u", password: "hunter2", title: "AE", externalId: "E1" }, { mode: "create" }));
    expect(columns.scim).toEqual({ userName: "u", title: "AE" });
    expect(columns).toMatchObject({ externalId: "E1", active: undefined });
  });
});

describe("userResource", () => {
  it("builds a resource for a user SCIM never wrote, so a lookup by userName finds them", () => {
    expect(userResource(row(), BASE)).toEqual({
      schemas: [USER_SCHEMA_ID], id: "u-1", userName: "zara@acme.example", displayName: "Zara Andersson",
      name: { formatted: "Zara Andersson" }, emails: [{ value: "zara@acme.example", type: "work", primary: true }], active: true,
      meta: { resourceType: "User", created: at.toISOString(), lastModified: at.toISOString(), location: `${BASE}/Users/u-1` },
    });
  });

  it("returns what the IdP stored, with columns and groups on top", () => {
    const scim = { userName: "zara", [ENTERPRISE_USER_SCHEMA_ID]: { department: "Sales" } };
    const resource = userResource(row({ scim, active: false, externalId: "E9", groups: [{ id: "g-1", displayName: "Reps" }] }), BASE);
    expect(resource).toMatchObject({ schemas: [USER_SCHEMA_ID, ENTERPRISE_USER_SCHEMA_ID], externalId: "E9", userName: "zara", active: false });
    expect(resource.groups).toEqual([{ value: "g-1", display: "Reps", $ref: `${BASE}/Groups/g-1`, type: "direct" }]);
  });

  it("recognises a deleted user's tombstone", () => {
    expect(isTombstone({ userName: "x", [TOMBSTONE_KEY]: at.toISOString() })).toBe(true);
    expect(isTombstone({ userName: "x" })).toBe(false);
    expect(isTombstone(null)).toBe(false);
  });
});

describe("groups", () => {
  it("lists members as user references and reads member ids from a body", () => {
    const group = groupResource({ id: "g-1", displayName: "Reps", externalId: null, createdAt: at, updatedAt: at, members: [{ id: "u-1", name: "Zara" }] }, BASE);
    expect(group.members).toEqual([{ value: "u-1", display: "Zara", $ref: `${BASE}/Users/u-1`, type: "User" }]);
    const body = validateGroup({ displayName: "Reps", members: [{ value: "u-1" }, { value: "u-1" }, { value: "u-2" }] }, { mode: "create" });
    expect(memberIds(body)).toEqual({ userIds: ["u-1", "u-2"], nonUser: false });
    expect(memberIds(validateGroup({ displayName: "R", members: [{ value: "g-2", type: "Group" }] }, { mode: "create" })).nonUser).toBe(true);
  });
});
