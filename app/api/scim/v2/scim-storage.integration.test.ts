import { beforeAll, describe, expect, it } from "vitest";
import { GET as identitySettings } from "@/app/api/v1/admin/identity-settings/route";
import { createSession, issueAccessToken } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createScimToken } from "@/lib/scim/service-tokens";
import { call, makeTenant } from "@/test/support/fixtures";
import { scimClient } from "@/test/support/scim/in-process";

// What SCIM provisioning leaves in Candor's database, through the route handlers in-process: the
// IdP sequences themselves run against the real server in e2e/scim-okta.spec.ts and
// e2e/scim-entra.spec.ts; these are the rows an HTTP client cannot see.
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

let scim: ReturnType<typeof scimClient>;
let tenantId: string;

beforeAll(async () => {
  tenantId = (await makeTenant()).tenant.id;
  await db.groupRoleMapping.create({ data: { tenantId, groupDisplayName: "Candor Admins", role: "ADMIN", priority: 50 } });
  scim = scimClient((await createScimToken(db, tenantId, "IdP")).token);
});

describe("SCIM provisioning, as stored", () => {
  it("keeps the IdP's user without the password it sent, and audits each role change", async () => {
    const created = await scim.post("/Users", { schemas: [USER], userName: "isabel.klein@acme.example", password: "n0t-st0red!", active: true });
    expect(created.status).toBe(201);
    const id: string = created.json.id;
    const row = await db.user.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain("n0t-st0red");
    expect(row).toMatchObject({ tenantId, email: "isabel.klein@acme.example", role: "SALES_REP", active: true });

    const group = await scim.post("/Groups", { schemas: [GROUP], displayName: "Candor Admins", members: [{ value: id }] });
    expect(group.status).toBe(201);
    expect((await db.user.findUniqueOrThrow({ where: { id } })).role).toBe("ADMIN");
    const changes = await db.auditEvent.findMany({ where: { tenantId, action: "identity.role.change", resourceId: id } });
    expect(changes.map((c) => c.details)).toEqual([expect.objectContaining({ from: expect.objectContaining({ role: "SALES_REP" }), to: expect.objectContaining({ role: "ADMIN" }) })]);
  });

  it("revokes a deactivated user's sessions in the same change, and says how many in its audit row", async () => {
    const id: string = (await scim.post("/Users", { schemas: [USER], userName: "megan.b@acme.example" })).json.id;
    const sessions = await Promise.all(["salesforce_canvas", "sso"].map((source) => createSession({ tenantId, userId: id, source })));
    const { token } = await issueAccessToken(sessions[0]!.id);
    const off = await scim.patch(`/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(off.status).toBe(200);
    const revoked = await db.session.findMany({ where: { userId: id }, select: { revokedAt: true } });
    expect(revoked.every((s) => s.revokedAt !== null)).toBe(true);
    expect(revoked).toHaveLength(2);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { requestId: off.headers.get("x-request-id")!, action: "scim.user.patch" } });
    expect(audit.details).toMatchObject({ active: false, revokedSessions: 2 });
    expect((await call(identitySettings)("/api/v1/admin/identity-settings", { token })).status).toBe(401);
  });
});
