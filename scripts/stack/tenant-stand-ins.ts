import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DemoTenant } from "@/prisma/demo/types";
import { startSalesforceSandbox } from "@/sandbox/salesforce";
import { HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, startDemoHubSpot } from "./hubspot";

// One demo tenant's CRMs: its own Salesforce org and HubSpot portal, each a stand-in on its own
// port (as two real orgs live on two instance hosts). The stand-ins keep their records in memory;
// the demo saves them beside the database so a restarted demo shows the CRMs as Candor left them
// (scores written back, flag tasks and notes). What the seed needs to connect the tenant is
// returned as its entry of prisma/seed.ts's config.

const SAVED_SOBJECTS = ["Lead", "Task"];

export interface TenantStandInOptions {
  tenant: DemoTenant;
  seed: number;
  ports: { salesforce: number; hubspot: number };
  appUrl: string;
  // Where to save the stand-ins' records between starts (null: a throwaway run, such as e2e).
  stateDir: string | null;
  // Prefixes the saved files' names, so each tenant keeps its own.
  stateName: string;
  consumer: { key: string; secret: string };
  sso?: { issuer: string };
}

function salesforceSeed(tenant: DemoTenant) {
  return {
    users: tenant.users.map((u) => ({
      Id: u.salesforceUserId, Username: u.email, FirstName: u.firstName, LastName: u.lastName, Email: u.email,
    })),
    records: {
      Lead: tenant.salesforce.leads.map((l) => ({
        Id: l.externalId, ...l.fields, CreatedDate: l.createdAt.toISOString(), LastModifiedDate: l.updatedAt.toISOString(),
      })),
    },
  };
}

export async function startTenantStandIns(opts: TenantStandInOptions) {
  const { tenant, appUrl } = opts;
  const sfStateFile = opts.stateDir ? path.join(opts.stateDir, `${opts.stateName}salesforce-records.json`) : null;
  const savedRecords = sfStateFile && existsSync(sfStateFile) ? JSON.parse(readFileSync(sfStateFile, "utf8")) : null;
  const sfSeed = salesforceSeed(tenant);
  const salesforce = await startSalesforceSandbox({
    port: opts.ports.salesforce,
    orgId: tenant.salesforce.orgId,
    orgName: tenant.name,
    consumerKey: opts.consumer.key,
    consumerSecret: opts.consumer.secret,
    canvasUrl: `${appUrl}/embed/salesforce/canvas`,
    users: sfSeed.users,
    records: savedRecords ?? sfSeed.records,
  });
  const hubspot = await startDemoHubSpot({
    tenant, port: opts.ports.hubspot, appUrl,
    stateFile: opts.stateDir ? path.join(opts.stateDir, `${opts.stateName}hubspot-portal.json`) : null,
  });
  const save = () => {
    if (sfStateFile) writeFileSync(sfStateFile, JSON.stringify(Object.fromEntries(SAVED_SOBJECTS.map((t) => [t, salesforce.records(t)]))));
    hubspot.save();
  };
  const saver = setInterval(save, 5_000);
  saver.unref();

  const integrationUser = tenant.users.find((u) => u.role === "ADMIN")!;
  const sfTokens = salesforce.issueTokens(integrationUser.salesforceUserId);
  const openLeadOf = (ownerId: string) => tenant.salesforce.leads.find((l) => l.outcome === "OPEN" && l.ownerExternalId === ownerId);
  const rep = tenant.users.find((u) => u.role === "SALES_REP" && openLeadOf(u.salesforceUserId))!;
  const lead = openLeadOf(rep.salesforceUserId)!;
  return {
    tenant, salesforce, hubspot, rep, lead,
    recordPageUrl: `${salesforce.url}/lightning/r/Lead/${lead.externalId}/view?as=${rep.salesforceUserId}`,
    seedConfig: {
      profile: tenant.slug, seed: opts.seed,
      salesforce: {
        instanceUrl: salesforce.url, clientId: opts.consumer.key, clientSecret: opts.consumer.secret,
        accessToken: sfTokens.accessToken, refreshToken: sfTokens.refreshToken,
      },
      ...(opts.sso ? { sso: opts.sso } : {}),
      hubspot: {
        portalId: tenant.hubspot.portalId, apiBase: hubspot.sandbox.url, clientId: HUBSPOT_CLIENT_ID, clientSecret: HUBSPOT_CLIENT_SECRET,
        accessToken: hubspot.tokens.accessToken, refreshToken: hubspot.tokens.refreshToken, expiresIn: hubspot.tokens.expiresIn,
      },
    },
    async stop() {
      clearInterval(saver);
      save();
      await salesforce.close();
      await hubspot.sandbox.close();
    },
  };
}

export type TenantStandIns = Awaited<ReturnType<typeof startTenantStandIns>>;
