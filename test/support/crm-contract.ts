import { Connection } from "jsforce";
import { Client } from "@hubspot/api-client";
import { encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { TEST_REGIONS } from "@/test/support/fixtures";
import { startHubSpotSandbox, type HubSpotSandbox } from "@/sandbox/hubspot";
import { TEST_APP, testOptions } from "@/test/support/hubspot-sandbox";
import { startSalesforceSandbox, type SalesforceSandbox } from "@/sandbox/salesforce";
import { CONSUMER_KEY, CONSUMER_SECRET, REP, sandboxOptions } from "@/test/support/salesforce-sandbox";

// One stand-in per CRM behind the same small surface, so the adapter contract suite can run the
// same cases against both: a tenant with a stored connection, three records of one type, an
// existing (human) activity on the first, and ways to look at the CRM side directly.

export interface ContractHarness {
  name: "SALESFORCE" | "HUBSPOT";
  connectionId: string;
  objectType: string;
  // Three open records, oldest first, and one that is closed-won.
  ids: [string, string, string];
  wonId: string;
  missingId: string;
  ownerExternalId: string;
  // Changes a record in the CRM (so it sorts after everything before it).
  touch(id: string): Promise<void>;
  fieldsOf(id: string): Record<string, unknown>;
  candorActivitiesOn(id: string): number;
  expireTokens(): void;
  close(): Promise<void>;
}

export async function makeTenantRow() {
  return db.tenant.create({ data: { slug: `c-${crypto.randomUUID().slice(0, 8)}`, name: "Contract Co", regions: TEST_REGIONS } });
}

export async function salesforceHarness(): Promise<ContractHarness> {
  const sf: SalesforceSandbox = await startSalesforceSandbox(
    sandboxOptions({
      records: {
        Lead: [
          { FirstName: "Ada", LastName: "Open", Company: "Acme", Status: "Working - Contacted", OwnerId: REP.Id, LastModifiedDate: "2026-01-01T00:00:00Z" },
          { FirstName: "Bea", LastName: "Open", Company: "Acme", OwnerId: REP.Id, LastModifiedDate: "2026-01-02T00:00:00Z" },
          { FirstName: "Cy", LastName: "Open", Company: "Acme", OwnerId: REP.Id, LastModifiedDate: "2026-01-03T00:00:00Z" },
          { FirstName: "Won", LastName: "Lead", Company: "Acme", Status: "Closed - Converted", IsConverted: true, OwnerId: REP.Id, LastModifiedDate: "2025-12-01T00:00:00Z" },
        ],
      },
    }),
  );
  const tokens = sf.issueTokens(REP.Id);
  const tenant = await makeTenantRow();
  const conn = await db.crmConnection.create({
    data: {
      tenantId: tenant.id, provider: "SALESFORCE", externalOrgId: "00D5g000004CANDOR", instanceUrl: sf.url, loginUrl: sf.url,
      clientId: CONSUMER_KEY, clientSecretEnc: encryptSecret(CONSUMER_SECRET),
      accessTokenEnc: encryptSecret(tokens.accessToken), refreshTokenEnc: encryptSecret(tokens.refreshToken),
    },
  });
  const leads = sf.records("Lead");
  const byName = (last: string, first: string) => String(leads.find((l) => l.LastName === last && l.FirstName === first)!.Id);
  const ids: [string, string, string] = [byName("Open", "Ada"), byName("Open", "Bea"), byName("Open", "Cy")];
  const own = sf.issueTokens(REP.Id);
  const client = new Connection({
    instanceUrl: sf.url, accessToken: own.accessToken, refreshToken: own.refreshToken, version: "63.0",
    oauth2: { clientId: CONSUMER_KEY, clientSecret: CONSUMER_SECRET, loginUrl: sf.url },
  });
  await client.sobject("Task").create({ WhoId: ids[0], Subject: "Discovery call", Type: "Call", Status: "Completed" } as never);
  return {
    name: "SALESFORCE", connectionId: conn.id, objectType: "Lead", ids, wonId: byName("Lead", "Won"),
    missingId: ids[0].slice(0, 9) + "ZZZZZZ" + ids[0].slice(15),
    ownerExternalId: REP.Id,
    touch: async (id) => {
      await new Promise((r) => setTimeout(r, 5));
      await client.sobject("Lead").update({ Id: id, Title: `Touched ${Date.now()}` } as never);
    },
    fieldsOf: (id) => sf.records("Lead").find((l) => l.Id === id) ?? {},
    candorActivitiesOn: (id) => sf.records("Task").filter((t) => t.WhoId === id && t.Candor_Flag_Id__c).length,
    expireTokens: () => sf.expireAccessTokens(),
    close: () => sf.close(),
  };
}

export async function hubSpotHarness(opts: { rateLimit?: { max: number; intervalMs: number } } = {}): Promise<{ harness: ContractHarness; sandbox: HubSpotSandbox }> {
  const base = testOptions();
  const hs = await startHubSpotSandbox({
    ...base,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    objects: {
      ...base.objects,
      contacts: [
        ...(base.objects?.contacts ?? []),
        { id: "103", firstname: "Bea", lastname: "Open", email: "bea@acme.test", lifecyclestage: "lead", hubspot_owner_id: "9001" },
        { id: "104", firstname: "Cy", lastname: "Open", email: "cy@acme.test", lifecyclestage: "lead", hubspot_owner_id: "9001" },
      ],
    },
  });
  const tokens = hs.issueTokens();
  const client = new Client({ accessToken: tokens.accessToken, basePath: hs.url, numberOfApiCallRetries: 0 });
  // A human's note on the first contact: an activity Candor reads, and must not mistake for its own.
  await client.crm.objects.notes.basicApi.create({
    properties: { hs_note_body: "<p>Called Ada about the renewal</p>", hs_timestamp: "2026-01-05T10:00:00.000Z" },
    associations: [{ to: { id: "101" }, types: [{ associationCategory: "HUBSPOT_DEFINED" as never, associationTypeId: 202 }] }],
  });
  const tenant = await makeTenantRow();
  const conn = await db.crmConnection.create({
    data: {
      tenantId: tenant.id, provider: "HUBSPOT", externalOrgId: TEST_APP.portalId, instanceUrl: hs.url,
      clientId: TEST_APP.clientId, clientSecretEnc: encryptSecret(TEST_APP.clientSecret),
      accessTokenEnc: encryptSecret(tokens.accessToken), refreshTokenEnc: encryptSecret(tokens.refreshToken),
      tokenExpiresAt: new Date(Date.now() + tokens.expiresIn * 1000),
    },
  });
  const ids: [string, string, string] = ["101", "103", "104"];
  for (const id of ids) {
    await new Promise((r) => setTimeout(r, 5));
    await client.crm.contacts.basicApi.update(id, { properties: { jobtitle: "Engineer" } });
  }
  const harness: ContractHarness = {
    name: "HUBSPOT", connectionId: conn.id, objectType: "contact", ids, wonId: "102", missingId: "999999", ownerExternalId: "9001",
    touch: async (id) => {
      await new Promise((r) => setTimeout(r, 5));
      await client.crm.contacts.basicApi.update(id, { properties: { jobtitle: `Touched ${Date.now()}` } });
    },
    fieldsOf: (id) => hs.objects("contacts").find((c) => c.id === id)?.properties ?? {},
    candorActivitiesOn: (id) =>
      hs.objects("notes").filter((n) => n.properties.candor_flag_id && n.associations.some((a) => a.toType === "contacts" && a.toId === id)).length,
    expireTokens: () => hs.expireAccessTokens(),
    close: () => hs.close(),
  };
  return { harness, sandbox: hs };
}
