import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeTenant, makeUser } from "@/test/support/fixtures";
import { resolveCrmUser, type CrmUserRef } from "./link";

// One Candor user per person, whichever CRM they arrive from: Salesforce by org + user id,
// federation id or email; HubSpot by portal + user id or email.
let tenantId: string;
let orgId: string;

beforeAll(async () => {
  const made = await makeTenant();
  tenantId = made.tenant.id;
  orgId = made.orgId;
});

const resolve = (ref: Partial<CrmUserRef>, policy = "refuse") =>
  db.$transaction((tx) =>
    resolveCrmUser(tx, {
      tenantId, provider: "SALESFORCE", externalOrgId: orgId, externalUserId: `005${crypto.randomUUID().slice(0, 15)}`,
      email: "", name: "Someone", ...ref,
    }, policy),
  );

async function lastAudit() {
  return db.auditEvent.findFirstOrThrow({ where: { tenantId, action: "identity.resolve" }, orderBy: { id: "desc" } });
}

describe("resolveCrmUser", () => {
  it("links a Salesforce user by federation id to the SCIM user with that externalId or userName", async () => {
    const byExternalId = await db.user.create({
      data: { tenantId, email: "fed.one@acme.example", name: "Fed One", role: "SALES_REP", externalId: "E12345" },
    });
    const byUserName = await db.user.create({
      data: { tenantId, email: "mailbox@acme.example", name: "Fed Two", role: "SALES_REP", scim: { userName: "Fed.Two@Acme.Example" } },
    });
    const first = await resolve({ federationId: "E12345", email: "someone-else@acme.example" });
    expect(first).toEqual({ ok: true, userId: byExternalId.id, rule: "federation_id" });
    expect((await lastAudit()).details).toMatchObject({ rule: "federation_id" });
    expect(await resolve({ federationId: "fed.two@acme.example" })).toEqual({ ok: true, userId: byUserName.id, rule: "federation_id" });
  });

  it("remembers the link, so the next visit resolves by identity", async () => {
    const user = await makeUser(tenantId, "SALES_REP", "EMEA");
    const externalUserId = "005AAAAAAAAAAAAAAA";
    expect(await resolve({ externalUserId, email: user.email.toUpperCase() })).toMatchObject({ ok: true, userId: user.id, rule: "email" });
    expect(await resolve({ externalUserId, email: "changed@acme.example" })).toMatchObject({ ok: true, userId: user.id, rule: "identity" });
  });

  it("links a HubSpot user by portal + user id after a first match by email", async () => {
    const user = await makeUser(tenantId, "SALES_MANAGER", "NA");
    const hubspot = { provider: "HUBSPOT" as const, externalOrgId: "24071977", externalUserId: "61204518" };
    expect(await resolve({ ...hubspot, email: user.email })).toMatchObject({ ok: true, userId: user.id, rule: "email" });
    expect(await resolve({ ...hubspot, email: "" })).toMatchObject({ ok: true, userId: user.id, rule: "identity" });
    const link = await db.crmIdentity.findUniqueOrThrow({
      where: { provider_externalOrgId_externalUserId: { provider: "HUBSPOT", externalOrgId: "24071977", externalUserId: "61204518" } },
    });
    expect(link.userId).toBe(user.id);
  });

  it("refuses a federation id two users could answer to, instead of guessing", async () => {
    await db.user.create({ data: { tenantId, email: "twin.a@acme.example", name: "A", role: "SALES_REP", externalId: "TWIN" } });
    await db.user.create({ data: { tenantId, email: "twin.b@acme.example", name: "B", role: "SALES_REP", ssoSubject: "TWIN" } });
    expect(await resolve({ federationId: "TWIN" })).toEqual({ ok: false, rule: "ambiguous" });
    expect((await lastAudit())).toMatchObject({ outcome: "denied", details: { rule: "ambiguous" } });
  });

  it("refuses a deactivated user however they are matched", async () => {
    const gone = await db.user.create({ data: { tenantId, email: "gone@acme.example", name: "Gone", role: "SALES_REP", active: false, externalId: "GONE" } });
    expect(await resolve({ email: gone.email })).toEqual({ ok: false, rule: "inactive" });
    expect(await resolve({ federationId: "GONE" })).toEqual({ ok: false, rule: "inactive" });
  });

  it("applies the tenant's policy to an unmatched user: refuse, or a least-privilege account", async () => {
    expect(await resolve({ email: "stranger@acme.example" }, "refuse")).toEqual({ ok: false, rule: "refused" });
    expect(await db.user.count({ where: { tenantId, email: "stranger@acme.example" } })).toBe(0);
    const created = await resolve({ email: "stranger@acme.example", name: "Stranger" }, "least_privilege");
    expect(created).toMatchObject({ ok: true, rule: "least_privilege" });
    const user = await db.user.findFirstOrThrow({ where: { tenantId, email: "stranger@acme.example" } });
    expect(user).toMatchObject({ role: "SALES_REP", region: null, active: true });
    expect((await lastAudit())).toMatchObject({ outcome: "success", details: { rule: "least_privilege", policy: "least_privilege" } });
  });

  it("never links across tenants", async () => {
    const other = await makeTenant();
    const stranger = await makeUser(other.tenant.id, "ADMIN", null);
    expect(await resolve({ email: stranger.email })).toEqual({ ok: false, rule: "refused" });
  });
});
