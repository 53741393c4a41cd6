import { expect, test } from "@playwright/test";
import { filterQuery } from "../test/support/scim/client";
import { asAdmin } from "./support/admin-api";
import { e2eStack, signIn } from "./support/sign-in";

// Microsoft Entra's provisioning sequence against the running server at the public /scim/v2 base,
// default mode (capitalised ops, "False" strings, member removal by value list) and
// ?aadOptscim062020 (path-less replace with dotted and URN keys, removal by value filter). Ends with
// the requirement that matters most: a deactivated user's open session fails its very next
// request. Every SCIM body that comes back is checked against scimmy.
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

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

test.describe("Microsoft Entra provisioning against the running server", () => {
  test("runs the default-mode sequence and the aadOptscim062020 forms", async ({ page }) => {
    const admin = await asAdmin(page);
    await admin.mapGroup("Candor Reps NA", "SALES_REP", "NA");
    const scim = await admin.scim("Entra ID");
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
    expect(await admin.user(id)).toMatchObject({ email: "adele.vance@contoso.example", name: "Adele V." });

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
    expect(await admin.user(id)).toMatchObject({ role: "SALES_REP", region: "NA" });
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


  test("ends a deactivated user's signed-in session at its very next request, and reactivation does not revive it", async ({ page, browser }) => {
    const { appUrl } = e2eStack();
    const admin = await asAdmin(page);
    const scim = await admin.scim("Entra ID, deactivation");
    // The compliance officer signs in through the company IdP in a browser of their own.
    const theirs = await browser.newContext();
    const officer = await theirs.newPage();
    await signIn(officer, "compliance@acme.example");
    await expect(officer.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
    const person = (await admin.users()).find((u) => u.role === "COMPLIANCE_OFFICER")!;

    const off = await scim.patch(`/Users/${person.id}`, patch({ op: "Replace", path: "active", value: "False" }));
    expect(off.status).toBe(200);
    expect(off.json.active).toBe(false);

    await officer.goto(`${appUrl}/dashboard`);
    await expect(officer).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
    expect((await officer.request.get(`${appUrl}/api/v1/admin/identity-settings`)).status()).toBe(401);

    const on = await scim.patch(`/Users/${person.id}`, patch({ op: "Replace", path: "active", value: "True" }));
    expect(on.json.active).toBe(true);
    await officer.goto(`${appUrl}/dashboard`);
    await expect(officer).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
    await theirs.close();
  });
});
