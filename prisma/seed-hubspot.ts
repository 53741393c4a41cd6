// The HubSpot portal of the demo tenant, for prisma/seed.ts: the connection (fresh stand-in tokens
// every start, encrypted), the HubSpot users' identity links, the companies, contacts and deals
// with their outcomes and activity history (first start), Candor's properties in the portal, and a
// model per record type (a trained one where the history allows, else the cold-start prior).
import { z } from "zod";
import { installConnection } from "@/lib/crm/connections";
import { encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { trainAndScoreTenant } from "@/lib/scoring/service";
import { portalRecords } from "./demo-hubspot-portal";
import type { DemoHubSpotObject, DemoTenant } from "./demo/types";

export const HubSpotSeedConfig = z.object({
  portalId: z.string(),
  apiBase: z.string().url(),
  clientId: z.string(),
  clientSecret: z.string(),
  accessToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int().positive(),
});
type HubSpotSeedConfig = z.infer<typeof HubSpotSeedConfig>;

const OBJECT_TYPES = { contact: "contacts", company: "companies", deal: "deals" } as const;

function nameOf(o: DemoHubSpotObject): string {
  const p = o.properties;
  if (o.objectType === "contact") return `${p.firstname ?? ""} ${p.lastname ?? ""}`.trim() || (p.email ?? o.id);
  return (o.objectType === "company" ? p.name : p.dealname) ?? o.id;
}

async function upsertConnection(tenantId: string, hs: HubSpotSeedConfig) {
  const data = {
    instanceUrl: hs.apiBase, clientId: hs.clientId, clientSecretEnc: encryptSecret(hs.clientSecret),
    accessTokenEnc: encryptSecret(hs.accessToken), refreshTokenEnc: encryptSecret(hs.refreshToken),
    tokenExpiresAt: new Date(Date.now() + hs.expiresIn * 1000),
  };
  return db.crmConnection.upsert({
    where: { provider_externalOrgId: { provider: "HUBSPOT", externalOrgId: hs.portalId } },
    update: data,
    create: { tenantId, provider: "HUBSPOT", externalOrgId: hs.portalId, ...data },
  });
}

async function linkUsers(tenantId: string, demo: DemoTenant, portalId: string) {
  const users = new Map((await db.user.findMany({ where: { tenantId }, select: { id: true, email: true } })).map((u) => [u.email, u.id]));
  for (const u of demo.users) {
    const userId = users.get(u.email);
    if (!u.hubspotOwnerId || !userId) continue;
    await db.crmIdentity.upsert({
      where: { provider_externalOrgId_externalUserId: { provider: "HUBSPOT", externalOrgId: portalId, externalUserId: u.hubspotOwnerId } },
      update: {},
      create: { tenantId, userId, provider: "HUBSPOT", externalOrgId: portalId, externalUserId: u.hubspotOwnerId, email: u.email },
    });
  }
  return new Map(demo.users.filter((u) => u.hubspotOwnerId).map((u) => [u.hubspotOwnerId!, users.get(u.email) ?? null]));
}

async function loadRecords(tenantId: string, demo: DemoTenant, ownerByHubSpotId: Map<string, string | null>) {
  if ((await db.crmRecord.count({ where: { tenantId, provider: "HUBSPOT" } })) > 0) return 0;
  const portal = portalRecords(demo);
  const all = [...portal.companies, ...portal.contacts, ...portal.deals];
  for (const o of all) {
    await db.crmRecord.create({
      data: {
        tenantId, provider: "HUBSPOT", objectType: o.objectType, externalId: o.id, name: nameOf(o),
        ownerExternalId: o.ownerExternalId || null, ownerUserId: ownerByHubSpotId.get(o.ownerExternalId) ?? null,
        region: o.region, fields: { ...o.properties }, outcome: o.outcome, closedAt: o.closedAt,
        crmCreatedAt: o.createdAt, crmUpdatedAt: o.updatedAt, lastSyncedAt: new Date(),
        activities: { create: o.activities.map((a) => ({ tenantId, kind: a.kind, subject: a.subject, occurredAt: a.occurredAt })) },
      },
    });
  }
  return all.length;
}

export async function seedHubSpot(tenantId: string, demo: DemoTenant, hs: HubSpotSeedConfig, asOf: Date) {
  const connection = await upsertConnection(tenantId, hs);
  const owners = await linkUsers(tenantId, demo, hs.portalId);
  const loaded = await loadRecords(tenantId, demo, owners);
  if (loaded > 0) console.log(`Loaded ${loaded} HubSpot companies, contacts and deals.`);
  // The stand-in may have restarted empty; creating only what is missing makes this safe every start.
  const installed = await installConnection(connection.id);
  if (installed?.createdProperties.length) console.log(`Installed ${installed.createdProperties.length} Candor properties in HubSpot.`);
  for (const [objectType, plural] of Object.entries(OBJECT_TYPES)) {
    const active = await db.modelVersion.count({ where: { tenantId, objectType, status: "ACTIVE" } });
    if (active > 0) continue;
    const run = await trainAndScoreTenant(tenantId, { asOf, trainedBy: "demo seed", objectType });
    console.log(`HubSpot ${plural}: ${run.active?.version ?? "no model"} active (${run.decision}); scored ${run.scored} of ${run.total} open records.`);
  }
}
