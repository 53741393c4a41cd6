import "server-only";
import type { PropertyCreate, PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from "@hubspot/api-client/lib/codegen/crm/properties/models/PropertyCreate";
import { db } from "@/lib/db";
import type { HubSpotApi } from "./api";
import { HubSpotCallError } from "./api";
import { CANDOR_PROPERTIES_BY_TYPE, CANDOR_PROPERTY_GROUP, type CandorPropertyDef } from "./properties";

// The CRM-side install for a HubSpot portal: the "Candor" property group and Candor's properties on
// contacts, companies and deals (score, band, reasons, model, time) and on notes and tasks (the
// unique flag id that makes write-back idempotent). Creates only what is missing, so it is safe to
// run on every start and after an admin deleted something.

export interface InstallReport {
  createdGroups: string[];
  createdProperties: string[];
}

function toCreate(def: CandorPropertyDef): PropertyCreate {
  return {
    name: def.name, label: def.label, description: def.description,
    // The definitions use HubSpot's own type names, which are exactly the SDK enums' values.
    type: def.type as PropertyCreateTypeEnum, fieldType: def.fieldType as PropertyCreateFieldTypeEnum,
    groupName: CANDOR_PROPERTY_GROUP.name, formField: false, ...(def.hasUniqueValue ? { hasUniqueValue: true } : {}),
  };
}

export async function ensureCandorProperties(api: HubSpotApi): Promise<InstallReport> {
  const report: InstallReport = { createdGroups: [], createdProperties: [] };
  for (const [objectType, defs] of Object.entries(CANDOR_PROPERTIES_BY_TYPE)) {
    const groups = await api.call((c) => c.crm.properties.groupsApi.getAllWithHttpInfo(objectType));
    if (!groups.results.some((g) => g.name === CANDOR_PROPERTY_GROUP.name)) {
      await api.call((c) => c.crm.properties.groupsApi.createWithHttpInfo(objectType, { ...CANDOR_PROPERTY_GROUP }));
      report.createdGroups.push(objectType);
    }
    const existing = new Map((await api.call((c) => c.crm.properties.coreApi.getAllWithHttpInfo(objectType))).results.map((p) => [p.name, p]));
    for (const def of defs) {
      const found = existing.get(def.name);
      // HubSpot cannot make an existing property unique; writing notes without it could duplicate them.
      if (found && def.hasUniqueValue && !found.hasUniqueValue) {
        throw new HubSpotCallError("PROPERTY_NOT_UNIQUE", `${objectType}.${def.name} exists without unique values; delete it and install again.`, false, null);
      }
    }
    const missing = defs.filter((d) => !existing.has(d.name));
    if (missing.length > 0) {
      await api.call((c) => c.crm.properties.batchApi.createWithHttpInfo(objectType, { inputs: missing.map(toCreate) }));
      report.createdProperties.push(...missing.map((d) => `${objectType}.${d.name}`));
    }
  }
  return report;
}

export async function installHubSpot(connectionId: string, api: HubSpotApi): Promise<InstallReport> {
  const report = await ensureCandorProperties(api);
  await db.crmConnection.update({ where: { id: connectionId }, data: { installedAt: new Date() } });
  return report;
}
