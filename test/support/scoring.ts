import { db } from "@/lib/db";
import { generateDemoTenant } from "@/prisma/demo/generate";

// Loads demo-generated Salesforce leads into a test tenant, owned by the given users by region, the
// way the demo seed does: closed history to train on and open leads to score.
export async function loadDemoLeads(
  tenantId: string,
  owners: { EMEA: string; NA: string },
  opts: { seed?: number; leadCount?: number; asOf?: Date } = {},
) {
  const asOf = opts.asOf ?? new Date("2026-06-01T00:00:00Z");
  const demo = generateDemoTenant({ seed: opts.seed ?? 20261125, asOf, ...(opts.leadCount ? { leadCount: opts.leadCount } : {}) });
  await db.crmRecord.createMany({
    data: demo.salesforce.leads.map((lead) => ({
      tenantId, provider: "SALESFORCE" as const, objectType: "Lead", externalId: lead.externalId,
      name: `${lead.fields.FirstName} ${lead.fields.LastName}`, ownerExternalId: lead.ownerExternalId,
      ownerUserId: owners[lead.region], region: lead.region, fields: { ...lead.fields },
      outcome: lead.outcome, closedAt: lead.closedAt, crmCreatedAt: lead.createdAt, crmUpdatedAt: lead.updatedAt, lastSyncedAt: asOf,
    })),
  });
  const ids = new Map(
    (await db.crmRecord.findMany({ where: { tenantId }, select: { id: true, externalId: true } })).map((r) => [r.externalId, r.id]),
  );
  await db.activity.createMany({
    data: demo.salesforce.leads.flatMap((lead) =>
      lead.activities.map((a) => ({ tenantId, recordId: ids.get(lead.externalId)!, kind: a.kind, subject: a.subject, occurredAt: a.occurredAt })),
    ),
  });
  return { demo, asOf };
}
