import "server-only";
import type { PropertyCreate, PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from "@hubspot/api-client/lib/codegen/crm/properties/models/PropertyCreate";
import { currentMatrix } from "@/lib/authz/admin";
import { db } from "@/lib/db";
import type { HubSpotApi } from "./api";
import { HubSpotCallError } from "./api";
import { CANDOR_PROPERTIES_BY_TYPE, CANDOR_PROPERTY_GROUP, propertyVisibility, type CandorPropertyDef } from "./properties";

// The CRM-side install for a HubSpot portal: the "Candor" property group and Candor's properties on
// contacts, companies and deals (score, band, reasons, model, time) and on notes and tasks (the
// unique flag id that makes write-back idempotent). Creates only what is missing, so it is safe to
// run on every start and after an admin deleted something.

export interface InstallReport {
  createdGroups: string[];
  createdProperties: string[];
  // Properties whose portal-wide visibility changed to follow the permission matrix.
  visibilityChanged: string[];
}

function toCreate(def: CandorPropertyDef, hidden: boolean): PropertyCreate {
  return {
    name: def.name, label: def.label, description: def.description,
    // The definitions use HubSpot's own type names, which are exactly the SDK enums' values.
    type: def.type as PropertyCreateTypeEnum, fieldType: def.fieldType as PropertyCreateFieldTypeEnum,
    groupName: CANDOR_PROPERTY_GROUP.name, formField: false, hidden, ...(def.hasUniqueValue ? { hasUniqueValue: true } : {}),
  };
}

// `visible` says which Candor properties HubSpot users should see (the matrix, portal-wide).
export async function ensureCandorProperties(api: HubSpotApi, visible: (name: string) => boolean = () => true): Promise<InstallReport> {
  const report: InstallReport = { createdGroups: [], createdProperties: [], visibilityChanged: [] };
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
      await api.call((c) => c.crm.properties.batchApi.createWithHttpInfo(objectType, { inputs: missing.map((d) => toCreate(d, !visible(d.name))) }));
      report.createdProperties.push(...missing.map((d) => `${objectType}.${d.name}`));
    }
    for (const def of defs) {
      const found = existing.get(def.name);
      const hidden = !visible(def.name);
      if (found && Boolean(found.hidden) !== hidden) {
        await api.call((c) => c.crm.properties.coreApi.updateWithHttpInfo(objectType, def.name, { hidden }));
        report.visibilityChanged.push(`${objectType}.${def.name}`);
      }
    }
  }
  return report;
}

export async function installHubSpot(connectionId: string, api: HubSpotApi): Promise<InstallReport> {
  const { tenantId } = await db.crmConnection.findUniqueOrThrow({ where: { id: connectionId }, select: { tenantId: true } });
  const report = await ensureCandorProperties(api, propertyVisibility((await currentMatrix(db, tenantId)).grants));
  await db.crmConnection.update({ where: { id: connectionId }, data: { installedAt: new Date(), rateLimitState: { ...api.rateLimitState() } } });
  return report;
}
