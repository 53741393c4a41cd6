import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { createScimToken } from "@/lib/scim/service-tokens";
import { makeScoredRecord, makeTenant, makeUser, tokenFor } from "./fixtures";
import { connectHubSpot, makeHubSpotRecord } from "./hubspot";

// Two tenants of the same shape, for tests that prove one never reaches the other: each has its
// own Salesforce org (its own Canvas secret and instance) and HubSpot portal, a rep linked in both
// CRMs, an admin, a scored Salesforce lead and a scored HubSpot contact the rep owns, session
// tokens and a SCIM token. Tests aim the second tenant's record ids, tokens and signed requests at
// the first tenant's data.
export async function makeTenantPair() {
  return { one: await makeConnectedTenant("one"), two: await makeConnectedTenant("two") };
}

export type ConnectedTenant = Awaited<ReturnType<typeof makeConnectedTenant>>;

async function makeConnectedTenant(label: string) {
  const instanceUrl = `https://${label}.my.salesforce.com`;
  const canvasSecret = `canvas-secret-${label}-${randomUUID()}`;
  const { tenant, orgId } = await makeTenant({ instanceUrl, consumerSecret: canvasSecret });
  const { portalId } = await connectHubSpot(tenant.id);
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA", `Rep of ${label}`);
  const admin = await makeUser(tenant.id, "ADMIN", null, `Admin of ${label}`);
  const salesforceUserId = `005${randomUUID().replace(/-/g, "").slice(0, 12)}AAA`;
  const hubspotUserId = String(9_000 + Math.floor(Math.random() * 1_000));
  await db.crmIdentity.createMany({
    data: [
      { tenantId: tenant.id, userId: rep.id, provider: "SALESFORCE", externalOrgId: orgId, externalUserId: salesforceUserId, email: rep.email },
      { tenantId: tenant.id, userId: rep.id, provider: "HUBSPOT", externalOrgId: portalId, externalUserId: hubspotUserId, email: rep.email },
    ],
  });
  const lead = await makeScoredRecord(tenant.id, { ownerUserId: rep.id, region: "EMEA" });
  const contact = await makeHubSpotRecord(tenant.id, { externalId: String(100_000 + Math.floor(Math.random() * 900_000)), ownerUserId: rep.id, region: "EMEA", scored: true });
  return {
    tenant, orgId, instanceUrl, canvasSecret, portalId, rep, admin, salesforceUserId, hubspotUserId, lead, contact,
    repToken: await tokenFor(rep),
    adminToken: await tokenFor(admin),
    scimToken: (await createScimToken(db, tenant.id, `SCIM of ${label}`)).token,
  };
}
