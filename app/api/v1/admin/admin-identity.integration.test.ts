import { describe, expect, it } from "vitest";
import { scimClient } from "@/test/support/scim/in-process";
import { db } from "@/lib/db";
import { call, makeTenant, makeUser, tokenFor } from "@/test/support/fixtures";
import { DELETE as deleteMapping } from "./group-role-mappings/[id]/route";
import { GET as listMappings, POST as addMapping } from "./group-role-mappings/route";
import { GET as getSettings, PUT as putSettings } from "./identity-settings/route";
import { DELETE as revokeToken } from "./scim-tokens/[id]/route";
import { POST as rotateToken } from "./scim-tokens/[id]/rotate/route";
import { GET as listTokens, POST as createToken } from "./scim-tokens/route";

const api = {
  listMappings: call(listMappings), addMapping: call(addMapping), deleteMapping: call(deleteMapping),
  getSettings: call(getSettings), putSettings: call(putSettings),
  listTokens: call(listTokens), createToken: call(createToken), revokeToken: call(revokeToken), rotateToken: call(rotateToken),
};

// Each test works in a tenant of its own, so what it counts is what it did.
async function adminTenant() {
  const tenantId = (await makeTenant()).tenant.id;
  return { tenantId, admin: await tokenFor(await makeUser(tenantId, "ADMIN", null)), rep: await tokenFor(await makeUser(tenantId, "SALES_REP", "EMEA")) };
}

describe("identity admin API", () => {
  it("is for admins only, and records the refusals", async () => {
    const { tenantId, rep } = await adminTenant();
    const attempts = [
      await api.listMappings("/m", { token: rep }),
      await api.addMapping("/m", { method: "POST", token: rep, body: { groupDisplayName: "x", role: "ADMIN" } }),
      await api.createToken("/t", { method: "POST", token: rep, body: { name: "sneaky" } }),
      await api.putSettings("/s", { method: "PUT", token: rep, body: { unmatchedUserPolicy: "least_privilege" } }),
    ];
    expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(await db.auditEvent.count({ where: { tenantId, outcome: "denied" } })).toBe(3);
    expect(await db.scimToken.count({ where: { tenantId } })).toBe(0);
  });

  it("adds and removes group mappings, recomputing the members' roles each time", async () => {
    const { admin } = await adminTenant();
    const token = (await api.createToken("/t", { method: "POST", token: admin, body: { name: "IdP" } })).json.token;
    const scim = scimClient(token);
    const user = await scim.post("/Users", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "dana@acme.example" });
    await scim.post("/Groups", { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Data Science", members: [{ value: user.json.id }] });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.json.id } })).role).toBe("SALES_REP");

    const added = await api.addMapping("/m", { method: "POST", token: admin, body: { groupDisplayName: "data science", role: "DATA_SCIENTIST" } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ mapping: { role: "DATA_SCIENTIST", priority: 30, region: null }, roleChanges: 1 });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.json.id } })).role).toBe("DATA_SCIENTIST");

    const listed = await api.listMappings("/m", { token: admin });
    expect(listed.json.mappings).toEqual([expect.objectContaining({ groupDisplayName: "data science", members: 1 })]);
    const duplicate = await api.addMapping("/m", { method: "POST", token: admin, body: { groupDisplayName: "Data Science", role: "ADMIN" } });
    expect(duplicate.status).toBe(409);
    const invalid = await api.addMapping("/m", { method: "POST", token: admin, body: { groupDisplayName: "", role: "KING", extra: 1 } });
    expect(invalid.status).toBe(422);

    const removed = await api.deleteMapping("/m", { method: "DELETE", token: admin, params: { id: added.json.mapping.id } });
    expect(removed.status).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.json.id } })).role).toBe("SALES_REP");
    expect((await api.deleteMapping("/m", { method: "DELETE", token: admin, params: { id: added.json.mapping.id } })).status).toBe(404);
    expect((await api.deleteMapping("/m", { method: "DELETE", token: admin, params: { id: "not-a-uuid" } })).status).toBe(422);
    // Both recomputations are audited against the member whose role changed.
    const changes = await db.auditEvent.findMany({ where: { action: "identity.role.change", resourceId: user.json.id }, orderBy: { id: "asc" } });
    expect(changes.map((c) => c.outcome)).toEqual(["success", "success"]);
  });

  it("shows a SCIM token once, lists only its metadata, rotates and revokes it", async () => {
    const { admin } = await adminTenant();
    const created = await api.createToken("/t", { method: "POST", token: admin, body: { name: "Okta" } });
    expect(created.status).toBe(201);
    expect(created.json.token).toMatch(/^candor_scim_[A-Za-z0-9_-]{43}$/);
    const id = created.json.scimToken.id;
    const stored = await db.scimToken.findUniqueOrThrow({ where: { id } });
    expect(stored.tokenHash).not.toContain(created.json.token);

    const listed = await api.listTokens("/t", { token: admin });
    expect(listed.json.scimBaseUrl).toMatch(/\/scim\/v2$/);
    expect(JSON.stringify(listed.json)).not.toContain(created.json.token);
    expect(JSON.stringify(listed.json)).not.toContain(stored.tokenHash);

    expect((await scimClient(created.json.token).get("/Users")).status).toBe(200);
    const rotated = await api.rotateToken("/t", { method: "POST", token: admin, params: { id } });
    expect(rotated.status).toBe(201);
    expect(rotated.json.revoked.revokedAt).not.toBeNull();
    expect((await scimClient(created.json.token).get("/Users")).status).toBe(401);
    expect((await scimClient(rotated.json.token).get("/Users")).status).toBe(200);
    expect((await api.rotateToken("/t", { method: "POST", token: admin, params: { id } })).status).toBe(409);

    const revoked = await api.revokeToken("/t", { method: "DELETE", token: admin, params: { id: rotated.json.scimToken.id } });
    expect(revoked.json.scimToken.revokedAt).not.toBeNull();
    expect((await scimClient(rotated.json.token).get("/Users")).status).toBe(401);
  });

  it("sets the unmatched-CRM-user policy", async () => {
    const { tenantId, admin } = await adminTenant();
    expect((await api.getSettings("/s", { token: admin })).json.unmatchedUserPolicy).toBe("refuse");
    const set = await api.putSettings("/s", { method: "PUT", token: admin, body: { unmatchedUserPolicy: "least_privilege" } });
    expect(set.status).toBe(200);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).unmatchedUserPolicy).toBe("least_privilege");
    expect((await api.putSettings("/s", { method: "PUT", token: admin, body: { unmatchedUserPolicy: "anything" } })).status).toBe(422);
  });

  it("audits every admin mutation, each in a row of its own", async () => {
    const { tenantId, admin } = await adminTenant();
    const created = await api.createToken("/t", { method: "POST", token: admin, body: { name: "IdP" } });
    const mapping = await api.addMapping("/m", { method: "POST", token: admin, body: { groupDisplayName: "candor-admins", role: "ADMIN" } });
    const calls = [
      ["scim.token.create", created],
      ["identity.mapping.create", mapping],
      ["identity.mapping.delete", await api.deleteMapping("/m", { method: "DELETE", token: admin, params: { id: mapping.json.mapping.id } })],
      ["scim.token.rotate", await api.rotateToken("/t", { method: "POST", token: admin, params: { id: created.json.scimToken.id } })],
      ["identity.settings.update", await api.putSettings("/s", { method: "PUT", token: admin, body: { unmatchedUserPolicy: "least_privilege" } })],
    ] as const;
    const rotated = calls[3][1];
    const revoked = await api.revokeToken("/t", { method: "DELETE", token: admin, params: { id: rotated.json.scimToken.id } });
    for (const [action, res] of [...calls, ["scim.token.revoke", revoked] as const]) {
      expect(res.status, action).toBeLessThan(300);
      const rows = await db.auditEvent.findMany({ where: { requestId: res.headers.get("x-request-id")!, action } });
      expect(rows, action).toEqual([expect.objectContaining({ tenantId, actorType: "user", outcome: "success" })]);
    }
  });
});
