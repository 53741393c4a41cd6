import SCIMMY from "scimmy";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "./json";
import { buildListResponse, LIST_RESPONSE_SCHEMA, parseListParams, projectResource } from "./list";
import { ENTERPRISE_USER_SCHEMA_ID, GROUP_RESOURCE, USER_RESOURCE, USER_SCHEMA_ID } from "./schemas";
import { loadVectors } from "@/test/support/scim/vectors";

interface ListVectors {
  outbound: {
    source: JsonObject[];
    targets: { startIndex: { startIndex: number; itemsPerPage?: number; sourceRange?: number[]; length?: number; expected: number[] }[] };
  };
}

const { outbound } = loadVectors<ListVectors>("messages-listresponse.json");

// sortBy vectors are not run: ServiceProviderConfig advertises sort as unsupported.
// Divergence: scimmy reports the requested page size as itemsPerPage; RFC 7644 §3.4.2 defines it
// as the number of resources returned, which is what we report.
describe("ListResponse pagination vectors (messages-listresponse.json) against scimmy", () => {
  it.each(outbound.targets.startIndex)("%j", ({ startIndex, itemsPerPage, sourceRange, length, expected }) => {
    const all = outbound.source;
    // sourceRange: the data layer already applied offset/limit and reports the full total.
    const page = sourceRange ? all.slice(sourceRange[0]! - 1, sourceRange[1]) : all;
    const totalResults = sourceRange ? all.length : length;
    const ours = sourceRange
      ? buildListResponse(page, { startIndex, count: itemsPerPage, totalResults })
      : buildListResponse(all, { startIndex, count: itemsPerPage });
    expect(ours.Resources.map((r) => r.id)).toEqual(expected);
    expect(ours.itemsPerPage).toBe(expected.length);
    // The `length: 100` vector pads scimmy's array to claim 100 results; in memory we count 16.
    expect(ours.totalResults).toBe(all.length);

    const sparse = [...all];
    if (length) sparse.length = length;
    const oracle = new SCIMMY.Messages.ListResponse((sourceRange ? page : sparse) as unknown as SCIMMY.Types.Schema[], {
      startIndex,
      ...(itemsPerPage !== undefined ? { itemsPerPage } : {}),
      ...(totalResults !== undefined ? { totalResults } : {}),
    });
    expect(oracle.Resources.map((r) => (r as unknown as JsonObject).id)).toEqual(expected);
  });
});

describe("buildListResponse", () => {
  const users = Array.from({ length: 250 }, (_, i) => ({ id: `u${i + 1}`, userName: `user${i + 1}`, password: "secret" }));

  it("treats startIndex < 1 as 1, negative count as 0, and caps count at maxResults", () => {
    expect(buildListResponse(users, { startIndex: -4, count: 2 })).toMatchObject({ startIndex: 1, itemsPerPage: 2, totalResults: 250 });
    expect(buildListResponse(users, { count: -1 }).Resources).toEqual([]);
    expect(buildListResponse(users, { count: 1000 }).itemsPerPage).toBe(200);
    expect(buildListResponse(users, { startIndex: 249, count: 10 }).Resources.map((r) => r.id)).toEqual(["u249", "u250"]);
    expect(buildListResponse(users, { startIndex: 300 }).Resources).toEqual([]);
  });

  it("projects every resource and never returns password", () => {
    const list = buildListResponse(users, { count: 1, schema: USER_RESOURCE });
    expect(list).toEqual({ schemas: [LIST_RESPONSE_SCHEMA], totalResults: 250, startIndex: 1, itemsPerPage: 1, Resources: [{ id: "u1", userName: "user1" }] });
  });
});

describe("parseListParams", () => {
  it("parses filter, paging and projection parameters", () => {
    const params = parseListParams(new URLSearchParams('filter=userName eq "a"&startIndex=0&count=500&attributes=userName, emails'));
    expect(params).toEqual({
      filter: { kind: "compare", path: { attr: "userName" }, op: "eq", value: "a" },
      startIndex: 1,
      count: 200,
      attributes: ["userName", "emails"],
    });
    expect(parseListParams({ excludedAttributes: "members" })).toEqual({ startIndex: 1, count: 200, excludedAttributes: ["members"] });
  });

  it("rejects a malformed filter or a non-integer page parameter", () => {
    expect(() => parseListParams({ filter: "userName eq" })).toThrow(expect.objectContaining({ scimType: "invalidFilter" }));
    expect(() => parseListParams({ count: "ten" })).toThrow(expect.objectContaining({ scimType: "invalidValue" }));
  });
});

describe("projectResource", () => {
  const ENT = ENTERPRISE_USER_SCHEMA_ID;
  const user: JsonObject = {
    schemas: [USER_SCHEMA_ID, ENT],
    id: "u-1",
    userName: "bjensen",
    password: "never",
    name: { givenName: "Barbara", familyName: "Jensen" },
    emails: [{ value: "b@example.com", type: "work" }],
    meta: { resourceType: "User" },
    [ENT]: { employeeNumber: "42", department: "Tours" },
  };

  it("returns id and schemas always and honours attributes, including sub-attributes and URNs", () => {
    expect(projectResource(user, USER_RESOURCE, { attributes: ["userName", "name.familyName", `${ENT}:department`] })).toEqual({
      schemas: [USER_SCHEMA_ID, ENT],
      id: "u-1",
      userName: "bjensen",
      name: { familyName: "Jensen" },
      [ENT]: { department: "Tours" },
    });
    expect(projectResource(user, USER_RESOURCE, { attributes: ["EMAILS.VALUE", ENT] })).toEqual({
      schemas: [USER_SCHEMA_ID, ENT],
      id: "u-1",
      emails: [{ value: "b@example.com" }],
      [ENT]: { employeeNumber: "42", department: "Tours" },
    });
  });

  it("honours excludedAttributes but never excludes id", () => {
    expect(projectResource(user, USER_RESOURCE, { excludedAttributes: ["id", "emails", "name.givenName", ENT, "meta"] })).toEqual({
      schemas: [USER_SCHEMA_ID, ENT],
      id: "u-1",
      userName: "bjensen",
      name: { familyName: "Jensen" },
    });
  });

  it("serves Entra's group lookup without members", () => {
    const group = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], id: "g-1", displayName: "Sales", members: [{ value: "u-1" }] };
    expect(projectResource(group, GROUP_RESOURCE, { excludedAttributes: ["members"] })).toEqual({ schemas: group.schemas, id: "g-1", displayName: "Sales" });
  });
});
