// Loads the demo tenants into the database (idempotent), each with: users and their CRM identities,
// SSO where configured (the local IdP as issuer, its accounts bound to demo users, default group
// mappings), the CRM connections with fresh stand-in tokens (every start), the CRM records with
// their activity history (first start), then the tenant's model trained and its open records scored.
// Usage: tsx --conditions=react-server prisma/seed.ts <config.json>
import { readFileSync } from "node:fs";
import { z } from "zod";
import { encryptSecret } from "@/lib/crypto";
import { closeDb, db } from "@/lib/db";
import { startJobEngine, stopJobEngine } from "@/lib/jobs/engine";
import { ensureCrmPolling } from "@/lib/records/sync";
import { trainAndScoreTenant } from "@/lib/scoring/service";
import { DEMO_IDP_LINKS, DEMO_IDP_USERS } from "@/sandbox/idp/demo-users";
import { ACME_CLOUD, generateDemoTenant, GLOBEX_ANALYTICS } from "./demo/generate";
import type { DemoTenant } from "./demo/types";
import { REGION_NAMES } from "./demo/words";
import { HubSpotSeedConfig, seedHubSpot } from "./seed-hubspot";

const PROFILES = { [ACME_CLOUD.slug]: ACME_CLOUD, [GLOBEX_ANALYTICS.slug]: GLOBEX_ANALYTICS };

const TenantConfig = z.object({
  profile: z.enum([ACME_CLOUD.slug, GLOBEX_ANALYTICS.slug]),
  seed: z.number().int(),
  salesforce: z.object({
    instanceUrl: z.string().url(),
    clientId: z.string(),
    clientSecret: z.string(),
    accessToken: z.string(),
    refreshToken: z.string(),
  }),
  // The local IdP the standalone pages sign in with (absent: SSO stays unconfigured).
  sso: z.object({ issuer: z.string().url() }).optional(),
  // The HubSpot stand-in's portal (absent: the tenant has Salesforce only).
  hubspot: HubSpotSeedConfig.optional(),
});
type TenantConfig = z.infer<typeof TenantConfig>;

const Config = z.object({ asOf: z.string().datetime(), tenants: z.array(TenantConfig).min(1) });

// The candor-* groups of the local IdP (sandbox/idp), mapped as a customer's admin would map theirs.
const DEMO_GROUP_ROLES = [
  { groupDisplayName: "candor-admins", role: "ADMIN", region: null, priority: 50 },
  { groupDisplayName: "candor-compliance", role: "COMPLIANCE_OFFICER", region: null, priority: 40 },
  { groupDisplayName: "candor-data-scientists", role: "DATA_SCIENTIST", region: null, priority: 30 },
  { groupDisplayName: "candor-sales-managers", role: "SALES_MANAGER", region: null, priority: 20 },
  { groupDisplayName: "candor-sales-reps", role: "SALES_REP", region: null, priority: 10 },
  { groupDisplayName: "candor-region-emea", role: "SALES_REP", region: "EMEA", priority: 0 },
  { groupDisplayName: "candor-region-na", role: "SALES_REP", region: "NA", priority: 0 },
] as const;

// SSO for the demo tenant: its issuer is the local IdP (a new port means a new issuer, so this runs
// every start), each IdP account is bound by subject to the demo person it stands for, and the
// default group mappings exist (an admin's later edits are kept).
async function linkSso(tenantId: string, demo: DemoTenant, issuer: string) {
  await db.tenant.update({ where: { id: tenantId }, data: { ssoIssuer: issuer } });
  for (const account of DEMO_IDP_USERS) {
    const person = demo.users.find((u) => u.key === DEMO_IDP_LINKS[account.sub]);
    if (!person) continue;
    await db.user.updateMany({ where: { tenantId, ssoSubject: account.sub, NOT: { email: person.email } }, data: { ssoSubject: null } });
    await db.user.update({ where: { tenantId_email: { tenantId, email: person.email } }, data: { ssoSubject: account.sub } });
  }
  for (const mapping of DEMO_GROUP_ROLES) {
    await db.groupRoleMapping.upsert({
      where: { tenantId_groupDisplayName: { tenantId, groupDisplayName: mapping.groupDisplayName } },
      update: {},
      create: { tenantId, ...mapping },
    });
  }
}

async function upsertTenant(demo: DemoTenant) {
  const tenant = await db.tenant.upsert({
    where: { slug: demo.slug },
    update: {},
    create: { slug: demo.slug, name: demo.name, unmatchedUserPolicy: "refuse" },
  });
  // Regions and teams are reference data: they exist before anyone is placed in them.
  for (const code of demo.regions) {
    await db.region.upsert({
      where: { tenantId_code: { tenantId: tenant.id, code } },
      update: {},
      create: { tenantId: tenant.id, code, name: REGION_NAMES[code] },
    });
  }
  const teamIds = new Map<string, string>();
  for (const t of demo.teams) {
    const team = await db.team.upsert({
      where: { tenantId_name: { tenantId: tenant.id, name: t.name } },
      update: {},
      create: { tenantId: tenant.id, name: t.name, regionCode: t.region, source: "scim_group", externalRef: `candor-team-${t.name.toLowerCase().replace(/\s+/g, "-")}` },
    });
    teamIds.set(t.name, team.id);
  }
  for (const u of demo.users) {
    const user = await db.user.upsert({
      where: { tenantId_email: { tenantId: tenant.id, email: u.email } },
      update: {},
      create: {
        tenantId: tenant.id, email: u.email, name: u.name, role: u.role, region: u.region,
        teamId: u.team ? (teamIds.get(u.team) ?? null) : null,
      },
    });
    await db.crmIdentity.upsert({
      where: {
        provider_externalOrgId_externalUserId: {
          provider: "SALESFORCE", externalOrgId: demo.salesforce.orgId, externalUserId: u.salesforceUserId,
        },
      },
      update: {},
      create: {
        tenantId: tenant.id, userId: user.id, provider: "SALESFORCE", externalOrgId: demo.salesforce.orgId,
        externalUserId: u.salesforceUserId, email: u.email,
      },
    });
  }
  return tenant;
}

async function upsertSalesforceConnection(tenantId: string, demo: DemoTenant, sf: TenantConfig["salesforce"]) {
  const data = {
    instanceUrl: sf.instanceUrl, loginUrl: sf.instanceUrl, apiVersion: "63.0", clientId: sf.clientId,
    clientSecretEnc: encryptSecret(sf.clientSecret),
    accessTokenEnc: encryptSecret(sf.accessToken),
    refreshTokenEnc: encryptSecret(sf.refreshToken),
  };
  await db.crmConnection.upsert({
    where: { provider_externalOrgId: { provider: "SALESFORCE", externalOrgId: demo.salesforce.orgId } },
    update: data,
    create: { tenantId, provider: "SALESFORCE", externalOrgId: demo.salesforce.orgId, ...data },
  });
}

async function loadSalesforceLeads(tenantId: string, demo: DemoTenant) {
  if ((await db.crmRecord.count({ where: { tenantId, provider: "SALESFORCE" } })) > 0) return false;
  const users = await db.user.findMany({ where: { tenantId }, select: { id: true, email: true } });
  const userByEmail = new Map(users.map((u) => [u.email, u.id]));
  const ownerBySfId = new Map(demo.users.map((u) => [u.salesforceUserId, userByEmail.get(u.email) ?? null]));
  for (const lead of demo.salesforce.leads) {
    await db.crmRecord.create({
      data: {
        tenantId, provider: "SALESFORCE", objectType: "Lead", externalId: lead.externalId,
        name: `${lead.fields.FirstName} ${lead.fields.LastName}`,
        ownerExternalId: lead.ownerExternalId, ownerUserId: ownerBySfId.get(lead.ownerExternalId) ?? null,
        region: lead.region, fields: { ...lead.fields },
        outcome: lead.outcome, closedAt: lead.closedAt,
        crmCreatedAt: lead.createdAt, crmUpdatedAt: lead.updatedAt, lastSyncedAt: new Date(),
        activities: {
          create: lead.activities.map((a) => ({ tenantId, kind: a.kind, subject: a.subject, occurredAt: a.occurredAt })),
        },
      },
    });
  }
  return true;
}

async function seedTenant(config: TenantConfig, asOf: Date) {
  const demo = generateDemoTenant({ seed: config.seed, asOf, profile: PROFILES[config.profile] });
  const tenant = await upsertTenant(demo);
  if (config.sso) await linkSso(tenant.id, demo, config.sso.issuer);
  await upsertSalesforceConnection(tenant.id, demo, config.salesforce);
  const loaded = await loadSalesforceLeads(tenant.id, demo);
  console.log(`${demo.name}: ${loaded ? `loaded ${demo.salesforce.leads.length} Salesforce leads.` : "records already loaded."}`);
  // Scoring: train on the first start, and again when the active model predates the GBDT engine
  // (a .data folder from an older demo). Then poll the Salesforce stand-in for changes from now on.
  const active = await db.modelVersion.findFirst({
    where: { tenantId: tenant.id, objectType: "Lead", status: "ACTIVE" },
    select: { algorithm: true },
  });
  if (!active || !["gbdt", "prior", "external"].includes(active.algorithm)) {
    const run = await trainAndScoreTenant(tenant.id, { asOf, trainedBy: "demo seed" });
    console.log(`${demo.name} model: ${run.active?.version ?? "none"} active (${run.decision}: ${run.reason}); scored ${run.scored} of ${run.total} open records.`);
  }
  if (config.hubspot) await seedHubSpot(tenant.id, demo, config.hubspot, asOf);
  await ensureCrmPolling(tenant.id, { from: new Date() });
}

async function main() {
  const config = Config.parse(JSON.parse(readFileSync(process.argv[2]!, "utf8")));
  for (const tenant of config.tenants) await seedTenant(tenant, new Date(config.asOf));
}

try {
  // The seed enqueues (the first poll); with the embedded database this process owns it for now.
  await startJobEngine("producer");
  await main();
} finally {
  await stopJobEngine();
  await closeDb();
}
