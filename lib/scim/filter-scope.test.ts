import { describe, expect, it } from "vitest";
import { parseFilter } from "./filter";
import { assertFilterAttributes, indexedEquality } from "./filter-scope";
import { GROUP_RESOURCE, USER_RESOURCE } from "./schemas";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("assertFilterAttributes", () => {
  it.each([
    'userName eq "a"',
    'emails[type eq "work" and value co "@acme"]',
    'name.givenName sw "B" or not (active eq false)',
    `${ENT}:employeeNumber eq "7"`,
    `${ENT}:manager.value eq "u-1"`,
    'meta.lastModified gt "2026-01-01T00:00:00Z"',
    "urn:ietf:params:scim:schemas:core:2.0:User:userName pr",
  ])("accepts %s", (text) => {
    expect(() => assertFilterAttributes(parseFilter(text), USER_RESOURCE)).not.toThrow();
  });

  it.each([
    'nickname.first eq "a"',
    'favouriteColour eq "red"',
    'emails[kind eq "work"]',
    'displayName[value eq "x"]',
    `${ENT}:shoeSize eq "9"`,
  ])("refuses %s as invalidFilter", (text) => {
    expect(() => assertFilterAttributes(parseFilter(text), USER_RESOURCE)).toThrow(expect.objectContaining({ scimType: "invalidFilter" }));
  });

  it("checks against the resource's own schema", () => {
    expect(() => assertFilterAttributes(parseFilter('members eq "u-1"'), GROUP_RESOURCE)).not.toThrow();
    expect(() => assertFilterAttributes(parseFilter('userName eq "x"'), GROUP_RESOURCE)).toThrow();
  });
});

describe("indexedEquality", () => {
  const users = ["id", "userName", "externalId"] as const;
  it("finds an equality on an indexed attribute at the top or inside a top-level and", () => {
    expect(indexedEquality(parseFilter('UserName eq "A@x"'), USER_RESOURCE, users)).toEqual({ attribute: "userName", value: "A@x" });
    expect(indexedEquality(parseFilter('id eq "g" and members eq "u"'), GROUP_RESOURCE, ["id", "displayName"])).toEqual({ attribute: "id", value: "g" });
  });

  it("ignores anything that could match more than the equality would", () => {
    expect(indexedEquality(parseFilter('userName eq "a" or userName eq "b"'), USER_RESOURCE, users)).toBeNull();
    expect(indexedEquality(parseFilter('userName co "a"'), USER_RESOURCE, users)).toBeNull();
    expect(indexedEquality(parseFilter('not (userName eq "a")'), USER_RESOURCE, users)).toBeNull();
    expect(indexedEquality(parseFilter("externalId eq 12"), USER_RESOURCE, users)).toBeNull();
    expect(indexedEquality(undefined, USER_RESOURCE, users)).toBeNull();
  });
});
