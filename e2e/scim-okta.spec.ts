import { expect, test } from "@playwright/test";
import { filterQuery } from "../test/support/scim/client";
import { asAdmin } from "./support/admin-api";

// Okta's provisioning sequence for a custom SCIM 2.0 app, against the running server at the public
// /scim/v2 base: look up by userName before creating, full-replacement PUT for profile changes (and
// for deactivation), group push with PATCH. The demo tenant maps candor-sales-managers to Sales
// manager and candor-region-emea to EMEA (prisma/seed.ts), as an admin would. Every SCIM body that
// comes back is checked against scimmy.
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

function oktaUser(overrides: Record<string, unknown> = {}) {
  return {
    schemas: [USER],
    userName: "Isabel.Klein@acme.example",
    name: { givenName: "Isabel", familyName: "Klein" },
    emails: [{ primary: true, value: "isabel.klein@acme.example", type: "work" }],
    displayName: "Isabel Klein",
    locale: "en-US",
    externalId: "00u1abcd2EFGH3ijk4x7",
    groups: [],
    password: "n0t-st0red!",
    active: true,
    ...overrides,
  };
}

test.describe("Okta provisioning against the running server", () => {
  test("creates, finds, replaces, groups, deactivates and deletes a user", async ({ page }) => {
    const admin = await asAdmin(page);
    const scim = await admin.scim("Okta");
    const lookup = await scim.get("/Users" + filterQuery('userName eq "isabel.klein@acme.example"', "&startIndex=1&count=100"));
    expect(lookup.status).toBe(200);
    expect(lookup.json).toMatchObject({ totalResults: 0, Resources: [] });

    const created = await scim.post("/Users", oktaUser());
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toContain("application/scim+json");
    expect(created.headers.get("location")).toBe(created.json.meta.location);
    expect(created.json).toMatchObject({ userName: "Isabel.Klein@acme.example", active: true, externalId: "00u1abcd2EFGH3ijk4x7" });
    expect(created.json).not.toHaveProperty("password");
    const id: string = created.json.id;
    expect(await admin.user(id)).toMatchObject({ email: "isabel.klein@acme.example", name: "Isabel Klein", role: "SALES_REP", region: null, active: true });

    // userName is caseExact=false: Okta's lookup may differ in case from what it created.
    const found = await scim.get("/Users" + filterQuery('userName eq "ISABEL.KLEIN@acme.example"'));
    expect(found.json.totalResults).toBe(1);
    expect(found.json.Resources[0].id).toBe(id);

    const replaced = await scim.put(`/Users/${id}`, oktaUser({ id, name: { givenName: "Isabel", familyName: "Klein-Ito" }, displayName: "Isabel Klein-Ito", title: "AE" }));
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ name: { familyName: "Klein-Ito" }, title: "AE", active: true });
    expect((await admin.user(id)).name).toBe("Isabel Klein-Ito");

    const managers = await scim.post("/Groups", { schemas: [GROUP], displayName: "candor-sales-managers", members: [] });
    const emea = await scim.post("/Groups", { schemas: [GROUP], displayName: "candor-region-emea", members: [] });
    expect([managers.status, emea.status]).toEqual([201, 201]);
    for (const group of [managers, emea]) {
      const added = await scim.patch(`/Groups/${group.json.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: "add", path: "members", value: [{ value: id, display: "isabel.klein@acme.example" }] }],
      });
      expect(added.status).toBe(200);
    }
    expect(await admin.user(id)).toMatchObject({ role: "SALES_MANAGER", region: "EMEA" });
    const withGroups = await scim.get(`/Users/${id}`);
    expect(withGroups.json.groups.map((g: { display: string }) => g.display).sort()).toEqual(["candor-region-emea", "candor-sales-managers"]);

    const renamed = await scim.patch(`/Groups/${managers.json.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { id: managers.json.id, displayName: "Sales Managers (old)" } }],
    });
    expect(renamed.json.displayName).toBe("Sales Managers (old)");
    expect(await admin.user(id)).toMatchObject({ role: "SALES_REP", region: "EMEA" });

    const removed = await scim.patch(`/Groups/${emea.json.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "remove", path: `members[value eq "${id}"]` }],
    });
    expect(removed.json).not.toHaveProperty("members");
    expect(await admin.user(id)).toMatchObject({ role: "SALES_REP", region: null });

    const deactivated = await scim.put(`/Users/${id}`, oktaUser({ id, active: false }));
    expect(deactivated.json.active).toBe(false);
    expect((await admin.user(id)).active).toBe(false);
    // A PUT that leaves `active` out does not reactivate.
    const { active: _omit, ...withoutActive } = oktaUser({ id });
    expect((await scim.put(`/Users/${id}`, withoutActive)).json.active).toBe(false);

    const deleted = await scim.delete(`/Users/${id}`);
    expect(deleted.status).toBe(204);
    expect((await scim.get(`/Users/${id}`)).status).toBe(404);
    expect((await scim.get("/Users" + filterQuery('userName eq "isabel.klein@acme.example"'))).json.totalResults).toBe(0);

    // Re-created later with the same userName: the old row (and its history) comes back.
    const again = await scim.post("/Users", oktaUser());
    expect(again.status).toBe(201);
    expect(again.json.id).toBe(id);
    expect(again.json.active).toBe(true);
  });

  test("pages with startIndex and count and reports the total", async ({ page }) => {
    const scim = await (await asAdmin(page)).scim("Okta paging");
    for (let i = 0; i < 5; i += 1) {
      const res = await scim.post("/Users", oktaUser({ userName: `page.${i}@acme.example`, emails: [], externalId: `page-${i}` }));
      expect(res.status).toBe(201);
    }
    const listed = await scim.get("/Users" + filterQuery('userName sw "page."', "&startIndex=2&count=2"));
    expect(listed.json).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(listed.json.Resources.map((r: { userName: string }) => r.userName)).toEqual(["page.1@acme.example", "page.2@acme.example"]);
    const countOnly = await scim.get("/Users" + filterQuery('userName sw "page."', "&count=0"));
    expect(countOnly.json).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    const projected = await scim.get("/Users" + filterQuery('externalId eq "page-3"', "&attributes=userName"));
    expect(Object.keys(projected.json.Resources[0]).sort()).toEqual(["id", "schemas", "userName"]);
  });
});
