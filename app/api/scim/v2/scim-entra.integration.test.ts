import { beforeAll, describe, expect, it } from "vitest";
import { GET as identitySettings } from "@/app/api/v1/admin/identity-settings/route";
import { createSession, issueAccessToken } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { createScimToken } from "@/lib/scim/service-tokens";
import { call, makeTenant } from "@/test/support/fixtures";
import { filterQuery, scimClient } from "@/test/support/scim/client";

// Microsoft Entra's provisioning sequence, default mode (capitalised ops, "False" strings,
// member removal by value list) and ?aadOptscim062020 (path-less replace with dotted and URN keys,
// removal by value filter). Ends with the requirement that matters most: a deactivated user's
// open panel fails its very next request.
// Every SCIM body that comes back is checked against scimmy by scim-test-client.
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const getSettings = call(identitySettings);

let scim: ReturnType<typeof scimClient>;
let tenantId: string;

beforeAll(async () => {
  const { tenant } = await makeTenant();
  tenantId = tenant.id;
  await db.groupRoleMapping.createMany({
    data: [
      { tenantId, groupDisplayName: "Candor Admins", role: "ADMIN", priority: 50 },
      { tenantId, groupDisplayName: "Candor Reps NA", role: "SALES_REP", region: "NA", priority: 10 },
    ],
  });
  scim = scimClient((await createScimToken(db, tenantId, "Entra ID")).token);
});

function entraUser(userName: string, externalId: string) {
  return {
    schemas: [USER, ENT],
    externalId,
    userName,
    active: true,
    displayName: "Adele Vance",
    emails: [{ primary: true, type: "work", value: userName }],
    meta: { resourceType: "User" },
    name: { formatted: "Adele Vance", familyName: "Vance", givenName: "Adele" },
    title: "Retail Manager",
    [ENT]: { employeeNumber: "701", department: "Retail", manager: "26e8e7d0-0000-4000-8000-000000000000" },
  };
}

const patch = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });

describe("Microsoft Entra provisioning over HTTP", () => {
  it("runs the default-mode sequence and the aadOptscim062020 forms", async () => {
    const userName = "AdeleV@contoso.example";
    const none = await scim.get("/Users" + filterQuery(`userName eq "${userName}"`));
    expect(none.json.totalResults).toBe(0);

    const created = await scim.post("/Users", entraUser(userName, "AdeleV"));
    expect(created.status).toBe(201);
    expect(created.json[ENT]).toEqual({ employeeNumber: "701", department: "Retail", manager: { value: "26e8e7d0-0000-4000-8000-000000000000" } });
    const id: string = created.json.id;

    const byExternalId = await scim.get("/Users" + filterQuery('externalId eq "AdeleV"'));
    expect(byExternalId.json.Resources.map((r: { id: string }) => r.id)).toEqual([id]);

    const patched = await scim.patch(`/Users/${id}`, patch(
      { op: "Replace", path: "displayName", value: "Adele V." },
      { op: "Replace", path: 'emails[type eq "work"].value', value: "adele.vance@contoso.example" },
      { op: "Add", path: `${ENT}:employeeNumber`, value: "702" },
      { op: "Add", path: 'phoneNumbers[type eq "work"].value', value: "+1 555 0100" },
    ));
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ displayName: "Adele V.", phoneNumbers: [{ type: "work", value: "+1 555 0100" }] });
    expect(patched.json[ENT].employeeNumber).toBe("702");
    expect(await db.user.findUniqueOrThrow({ where: { id } })).toMatchObject({ email: "adele.vance@contoso.example", name: "Adele V." });

    const optIn = await scim.patch(`/Users/${id}?aadOptscim062020`, patch({
      op: "replace",
      value: { "name.givenName": "Adele", "name.familyName": "Vance-Lee", [`${ENT}:department`]: "Sales" },
    }));
    expect(optIn.json.name).toMatchObject({ givenName: "Adele", familyName: "Vance-Lee" });
    expect(optIn.json[ENT].department).toBe("Sales");

    const lookup = await scim.get("/Groups" + filterQuery('displayName eq "Candor Reps NA"', "&excludedAttributes=members"));
    expect(lookup.json.totalResults).toBe(0);
    const group = await scim.post("/Groups", { schemas: [GROUP], externalId: "8b1f-reps", displayName: "Candor Reps NA", members: [] });
    expect(group.status).toBe(201);
    const gid: string = group.json.id;

    await scim.patch(`/Groups/${gid}`, patch({ op: "Add", path: "members", value: [{ value: id }] }));
    expect(await db.user.findUniqueOrThrow({ where: { id } })).toMatchObject({ role: "SALES_REP", region: "NA" });
    const member = await scim.get("/Groups" + filterQuery(`id eq "${gid}" and members eq "${id}"`, "&excludedAttributes=members"));
    expect(member.json.totalResults).toBe(1);
    expect(member.json.Resources[0]).not.toHaveProperty("members");

    // Retried removals succeed: Entra repeats a call it did not see answered.
    for (let i = 0; i < 2; i += 1) {
      const removed = await scim.patch(`/Groups/${gid}`, patch({ op: "Remove", path: "members", value: [{ value: id }] }));
      expect(removed.status).toBe(200);
    }
    const notMember = await scim.get("/Groups" + filterQuery(`id eq "${gid}" and members eq "${id}"`));
    expect(notMember.json.totalResults).toBe(0);

    await scim.patch(`/Groups/${gid}?aadOptscim062020`, patch({ op: "add", path: "members", value: [{ value: id }] }));
    await scim.patch(`/Groups/${gid}?aadOptscim062020`, patch({ op: "remove", path: `members[value eq "${id}"]` }));
    expect((await scim.get(`/Groups/${gid}`)).json).not.toHaveProperty("members");

    const off = await scim.patch(`/Users/${id}`, patch({ op: "Replace", path: "active", value: "False" }));
    expect(off.json.active).toBe(false);
    expect((await scim.delete(`/Users/${id}`)).status).toBe(204);
    expect((await scim.delete(`/Users/${id}`)).status).toBe(404);
    expect((await scim.delete(`/Groups/${gid}`)).status).toBe(204);
    expect((await scim.get(`/Groups/${gid}`)).status).toBe(404);
  });

  it("ends a deactivated user's open panel at its very next request", async () => {
    const created = await scim.post("/Users", entraUser("MeganB@contoso.example", "MeganB"));
    const id: string = created.json.id;
    const admins = await scim.post("/Groups", { schemas: [GROUP], displayName: "Candor Admins", members: [{ value: id }] });
    expect(admins.status).toBe(201);
    expect((await db.user.findUniqueOrThrow({ where: { id } })).role).toBe("ADMIN");

    // The embedded panel's session: a Canvas-opened Session row and its in-memory bearer token.
    const session = await createSession({ tenantId, userId: id, source: "salesforce_canvas" });
    const { token } = await issueAccessToken(session.id);
    expect((await getSettings("/api/v1/admin/identity-settings", { token })).status).toBe(200);

    const off = await scim.patch(`/Users/${id}`, patch({ op: "Replace", path: "active", value: "False" }));
    expect(off.status).toBe(200);

    const next = await getSettings("/api/v1/admin/identity-settings", { token });
    expect(next.status).toBe(401);
    expect(next.json.code).toBe("unauthenticated");
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).revokedAt).not.toBeNull();
    const audit = await db.auditEvent.findFirst({ where: { tenantId, action: "scim.user.patch", resourceId: id }, orderBy: { id: "desc" } });
    expect(audit?.details).toMatchObject({ active: false, revokedSessions: 1 });

    // Reactivation does not bring the old session back.
    await scim.patch(`/Users/${id}`, patch({ op: "Replace", path: "active", value: "True" }));
    expect((await getSettings("/api/v1/admin/identity-settings", { token })).status).toBe(401);
  });
});
