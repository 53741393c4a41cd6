import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createScimToken, revokeScimToken } from "@/lib/scim/service-tokens";
import { makeTenant } from "@/test/support/fixtures";
import { filterQuery, scimClient, type ScimReply } from "@/test/support/scim/in-process";

// Bad input answers in the SCIM error schema with the status and scimType IdPs key their retries
// on; authentication failures say nothing; tenants never see each other; discovery documents are
// served; and every mutation, failed ones included, is audited.
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

let scim: ReturnType<typeof scimClient>;
let other: ReturnType<typeof scimClient>;
let tenantId: string;
let userId: string;

beforeAll(async () => {
  const { tenant } = await makeTenant();
  tenantId = tenant.id;
  scim = scimClient((await createScimToken(db, tenantId, "IdP")).token);
  other = scimClient((await createScimToken(db, (await makeTenant()).tenant.id, "Other tenant")).token);
  const created = await scim.post("/Users", { schemas: [USER], userName: "taken@acme.example" });
  userId = created.json.id;
});

function expectError(res: ScimReply, status: number, scimType?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/scim+json");
  expect(res.json).toMatchObject({ schemas: [ERROR], status: String(status), ...(scimType ? { scimType } : {}) });
  if (!scimType) expect(res.json).not.toHaveProperty("scimType");
}

describe("SCIM errors", () => {
  it("answers a malformed filter or one on an unknown attribute with 400 invalidFilter", async () => {
    expectError(await scim.get("/Users" + filterQuery("userName eq")), 400, "invalidFilter");
    expectError(await scim.get("/Users" + filterQuery('userName eq "a" and')), 400, "invalidFilter");
    expectError(await scim.get("/Users" + filterQuery('nickname.first eq "a"')), 400, "invalidFilter");
    expectError(await scim.get("/Groups" + filterQuery('userName eq "a"')), 400, "invalidFilter");
    expectError(await scim.get("/Users?count=ten"), 400, "invalidValue");
  });

  it("answers an unknown attribute path with invalidPath and a bad value with invalidValue", async () => {
    expectError(await scim.patch(`/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "favouriteColour", value: "x" }] }), 400, "invalidPath");
    expectError(await scim.patch(`/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: "maybe" }] }), 400, "invalidValue");
    expectError(await scim.post("/Users", { schemas: [USER], userName: 42 }), 400, "invalidValue");
    expectError(await scim.post("/Users", { schemas: [USER] }), 400, "invalidValue");
    expectError(await scim.patch(`/Users/${userId}`, { Operations: [] }), 400, "invalidSyntax");
    expectError(await scim.call("POST", "/Users", { rawBody: "{not json" }), 400, "invalidSyntax");
    // The failed PATCH changed nothing (PATCH is atomic).
    expect((await scim.get(`/Users/${userId}`)).json.active).toBe(true);
  });

  // Finding 5 of issue 9: NUL or an unpaired surrogate in a PATCH value, a new user or a filter
  // reached PostgreSQL and answered 500.
  it("answers strings PostgreSQL cannot store, in PATCH values, new resources and filters, with 400 invalidValue", async () => {
    const replace = (value: unknown) => ({ schemas: [PATCH_OP], Operations: [{ op: "replace", value }] });
    expectError(await scim.patch(`/Users/${userId}`, replace({ displayName: "Rita\u0000" })), 400, "invalidValue");
    expectError(await scim.patch(`/Users/${userId}`, replace({ title: "lone \uD800" })), 400, "invalidValue");
    expectError(await scim.post("/Users", { schemas: [USER], userName: "nul\u0000@acme.example" }), 400, "invalidValue");
    expectError(await scim.post("/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "\uDC00" }), 400, "invalidValue");
    expectError(await scim.get("/Users" + filterQuery('userName eq "a\u0000b"')), 400, "invalidValue");
    expect((await scim.get(`/Users/${userId}`)).json).not.toHaveProperty("title");
  });

  it("answers a duplicate userName (in any case) with 409 uniqueness", async () => {
    expectError(await scim.post("/Users", { schemas: [USER], userName: "TAKEN@acme.example" }), 409, "uniqueness");
    const second = await scim.post("/Users", { schemas: [USER], userName: "second@acme.example" });
    expectError(await scim.put(`/Users/${second.json.id}`, { schemas: [USER], userName: "taken@ACME.example" }), 409, "uniqueness");
    const group = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Sales" };
    expect((await scim.post("/Groups", group)).status).toBe(201);
    expectError(await scim.post("/Groups", { ...group, displayName: "SALES" }), 409, "uniqueness");
  });

  it("answers a wrong, missing or revoked token with a bare 401", async () => {
    for (const token of ["candor_scim_wrong", "not-even-close", null]) {
      const res = await scim.get("/Users", { token });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
      expect(res.json).toEqual({ schemas: [ERROR], status: "401" });
    }
    const { token, scimToken } = await createScimToken(db, tenantId, "soon revoked");
    expect((await scim.get("/Users", { token })).status).toBe(200);
    await revokeScimToken(db, tenantId, scimToken.id);
    expect((await scim.get("/Users", { token })).json).toEqual({ schemas: [ERROR], status: "401" });
  });

  it("answers an oversized body with 413 and a wrong media type with 415", async () => {
    const huge = { schemas: [USER], userName: "big@acme.example", title: "x".repeat(1024 * 1024 + 10) };
    expectError(await scim.post("/Users", huge), 413);
    expectError(await scim.call("POST", "/Users", { rawBody: "userName=x", contentType: "application/x-www-form-urlencoded" }), 415);
    expect((await scim.post("/Users", { schemas: [USER], userName: "plain-json@acme.example" }, { contentType: "application/json" })).status).toBe(201);
  });

  it("answers 404 for unknown and malformed ids and for another tenant's resources", async () => {
    expectError(await scim.get("/Users/00000000-0000-4000-8000-000000000000"), 404);
    expectError(await scim.get("/Users/not-a-uuid"), 404);
    expectError(await scim.patch("/Groups/not-a-uuid", { schemas: [PATCH_OP], Operations: [{ op: "add", path: "members", value: [] }] }), 404);
    expectError(await other.get(`/Users/${userId}`), 404);
    expect((await other.get("/Users" + filterQuery('userName eq "taken@acme.example"'))).json.totalResults).toBe(0);
    expectError(await scim.post("/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "G", members: [{ value: "00000000-0000-4000-8000-000000000000" }] }), 400, "invalidValue");
  });

  // Finding 3 of issue 9: collection POSTs answered 500 with an empty body on any error, and wrote
  // no failure audit row. Each failure here is found by its own request id.
  it("answers collection POSTs' malformed JSON with 400 invalidSyntax and duplicates with 409 uniqueness, and audits each failure", async () => {
    const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    await scim.post("/Users", { schemas: [USER], userName: "audited@acme.example" });
    expect((await scim.post("/Groups", { schemas: [GROUP], displayName: "Audited" })).status).toBe(201);
    const cases = [
      { res: await scim.call("POST", "/Users", { rawBody: "{not json" }), action: "scim.user.create", status: 400, scimType: "invalidSyntax" },
      { res: await scim.post("/Users", { schemas: [USER], userName: "AUDITED@acme.example" }), action: "scim.user.create", status: 409, scimType: "uniqueness" },
      { res: await scim.call("POST", "/Groups", { rawBody: '{"displayName": ' }), action: "scim.group.create", status: 400, scimType: "invalidSyntax" },
      { res: await scim.post("/Groups", { schemas: [GROUP], displayName: "audited" }), action: "scim.group.create", status: 409, scimType: "uniqueness" },
      {
        res: await scim.patch(`/Users/${userId}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: "maybe" }] }),
        action: "scim.user.patch", status: 400, scimType: "invalidValue",
      },
    ];
    for (const { res, action, status, scimType } of cases) {
      expectError(res, status, scimType);
      const requestId = res.headers.get("x-request-id")!;
      const row = await db.auditEvent.findFirstOrThrow({ where: { requestId } });
      expect(row, action).toMatchObject({
        tenantId, actorType: "scim", actorUserId: null, action, outcome: "failure",
        details: { status, scimType, tokenId: expect.any(String) },
      });
    }
    const created = await db.auditEvent.findMany({ where: { tenantId, action: "scim.user.create", outcome: "success" }, select: { resourceId: true } });
    expect(created.map((e) => e.resourceId)).toEqual(expect.arrayContaining([userId]));
  });
});

describe("SCIM discovery", () => {
  it("serves ServiceProviderConfig, Schemas and ResourceTypes with absolute locations", async () => {
    const config = await scim.get("/ServiceProviderConfig");
    expect(config.json).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 }, bulk: { supported: false } });
    expect(config.json.meta.location).toMatch(/^https?:\/\/[^/]+\/scim\/v2\/ServiceProviderConfig$/);
    const schemas = await scim.get("/Schemas");
    expect(schemas.json.Resources.map((s: { id: string }) => s.id)).toEqual([
      USER, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group",
    ]);
    expect((await scim.get(`/Schemas/${USER}`)).json.name).toBe("User");
    expectError(await scim.get("/Schemas/urn:nope"), 404);
    const types = await scim.get("/ResourceTypes");
    expect(types.json).toMatchObject({ totalResults: 2, Resources: [{ id: "User", endpoint: "/Users" }, { id: "Group", endpoint: "/Groups" }] });
    expect((await scim.get("/ResourceTypes/Group")).json.schema).toBe("urn:ietf:params:scim:schemas:core:2.0:Group");
  });
});
