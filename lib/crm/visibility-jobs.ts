import "server-only";
import { db } from "@/lib/db";
import { registerJobHandler } from "@/lib/jobs/registry";
import { installConnection } from "./connections";
import { CRM_FIELD_VISIBILITY_JOB } from "./job-kinds";

// After the permission matrix changes, Candor's fields in the tenant's HubSpot portals follow it
// (lib/crm/hubspot/properties.ts propertyVisibility). Salesforce's follow through the permission
// sets an admin deploys (lib/crm/salesforce/permission-sets.ts), which Candor cannot assign itself.
registerJobHandler(CRM_FIELD_VISIBILITY_JOB, async (job) => {
  const connections = await db.crmConnection.findMany({ where: { tenantId: job.tenantId, provider: "HUBSPOT" }, select: { id: true } });
  const reports = [];
  for (const c of connections) reports.push({ connectionId: c.id, report: await installConnection(c.id) });
  return JSON.parse(JSON.stringify(reports));
});
