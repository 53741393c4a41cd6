// Loads the demo tenant into the database (idempotent): users and their CRM identities, the CRM
// connections with fresh stand-in tokens (every start), the CRM records with their activity
// history (first start), then trains the tenant's model and scores its open records.
// Usage: tsx --conditions=react-server prisma/seed.ts <config.json>
import { readFileSync } from "node:fs";
import { z } from "zod";
import { encryptSecret } from "@/lib/crypto";
import { closeDb, db } from "@/lib/db";
import { trainAndScoreTenant } from "@/lib/scoring/service";
import { generateDemoTenant } from "./demo/generate";
import type { DemoTenant } from "./demo/types";

const Config = z.object({
  seed: z.number().int(),
  asOf: z.string().datetime(),
  salesforce: z.object({
    instanceUrl: z.string().url(),
    clientId: z.string(),
    clientSecret: z.string(),
    accessToken: z.string(),
    refreshToken: z.string(),
  }),
});

async function upsertTenant(demo: DemoTenant) {
  const tenant = await db.tenant.upsert({
    where: { slug: demo.slug },
    update: {},
    create: { slug: demo.slug, name: demo.name, unmatchedUserPolicy: "refuse" },
  });
  for (const u of demo.users) {
    const user = await db.user.upsert({
      where: { tenantId_email: { tenantId: tenant.id, email: u.email } },
      update: {},
      create: { tenantId: tenant.id, email: u.email, name: u.name, role: u.role, region: u.region, team: u.team },
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

async function upsertSalesforceConnection(tenantId: string, demo: DemoTenant, sf: z.infer<typeof Config>["salesforce"]) {
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
        team: lead.team, region: lead.region, fields: { ...lead.fields },
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

async function main() {
  const config = Config.parse(JSON.parse(readFileSync(process.argv[2]!, "utf8")));
  const demo = generateDemoTenant({ seed: config.seed, asOf: new Date(config.asOf) });
  const tenant = await upsertTenant(demo);
  await upsertSalesforceConnection(tenant.id, demo, config.salesforce);
  const loaded = await loadSalesforceLeads(tenant.id, demo);
  console.log(loaded ? `Loaded ${demo.salesforce.leads.length} Salesforce leads.` : "Demo records already loaded.");
  const active = await db.modelVersion.count({ where: { tenantId: tenant.id, status: "ACTIVE" } });
  if (active === 0) {
    const run = await trainAndScoreTenant(tenant.id, { asOf: new Date(config.asOf), trainedBy: "demo seed" });
    console.log(`Trained ${run.modelVersion} (test AUC ${run.metrics.auc.toFixed(3)}); scored ${run.scored} open records.`);
  }
}

try {
  await main();
} finally {
  await closeDb();
}
