// What Candor adds to a HubSpot portal and how it names HubSpot objects. The install step, the
// adapter and the HubSpot project (crm/hubspot) all read these, so they cannot drift apart.
import type { Capability, Grants } from "@/lib/authz";

export const HUBSPOT_RECORD_TYPES = ["contacts", "companies", "deals"] as const;
export type HubSpotRecordType = (typeof HUBSPOT_RECORD_TYPES)[number];
export type HubSpotEngagementType = "notes" | "tasks";

// Candor names HubSpot records in the singular, as HubSpot's UI and webhooks do (contact,
// company, deal); the API paths use the plural; app cards and CRM cards use type ids.
const SINGULAR: Record<HubSpotRecordType, string> = { contacts: "contact", companies: "company", deals: "deal" };
export const OBJECT_TYPE_IDS: Record<HubSpotRecordType, string> = { contacts: "0-1", companies: "0-2", deals: "0-3" };

export function apiRecordType(raw: string): HubSpotRecordType | null {
  const lower = raw.toLowerCase();
  for (const type of HUBSPOT_RECORD_TYPES) {
    if (lower === type || lower === SINGULAR[type] || lower === OBJECT_TYPE_IDS[type]) return type;
  }
  return null;
}

export function candorObjectType(type: HubSpotRecordType): string {
  return SINGULAR[type];
}

// HubSpot shows or hides a property for the whole portal; it cannot follow a per-role or
// per-record scope (field-level permissions per team exist in Enterprise portals, set in HubSpot's
// own settings). So a Candor property is hidden when no role that works in the CRM — every role
// but those who manage the matrix — may see what it holds; the card and panel still apply the
// full matrix.
const PROPERTY_CAPABILITY: Record<string, Capability> = {
  candor_score: "scores.view", candor_band: "scores.view", candor_model_version: "scores.view", candor_scored_at: "scores.view",
  candor_top_reasons: "reasons.view",
};

export function propertyVisibility(grants: Grants): (name: string) => boolean {
  const crmRoles = Object.values(grants.roles).filter((r) => r.scopes["matrix.manage"] === "none");
  return (name) => {
    const capability = PROPERTY_CAPABILITY[name];
    return !capability || crmRoles.some((r) => r.scopes[capability] !== "none");
  };
}

export const CANDOR_PROPERTY_GROUP = { name: "candor", label: "Candor", displayOrder: -1 } as const;

export interface CandorPropertyDef {
  name: string;
  label: string;
  description: string;
  type: "string" | "number" | "datetime";
  fieldType: "text" | "textarea" | "number" | "date";
  hasUniqueValue?: boolean;
}

export const CANDOR_RECORD_PROPERTIES: readonly CandorPropertyDef[] = [
  { name: "candor_score", label: "Candor score", description: "Likelihood to convert, 0–100, from Candor.", type: "number", fieldType: "number" },
  { name: "candor_band", label: "Candor band", description: "A (hot) to D (cold).", type: "string", fieldType: "text" },
  { name: "candor_top_reasons", label: "Candor top reasons", description: "The reasons with the most points, one per line.", type: "string", fieldType: "textarea" },
  { name: "candor_model_version", label: "Candor model version", description: "The model that produced the score.", type: "string", fieldType: "text" },
  { name: "candor_scored_at", label: "Candor scored at", description: "When Candor last scored this record.", type: "datetime", fieldType: "date" },
];

// On notes and tasks: Candor's id for the write, unique, so a retried write upserts onto the
// first one instead of adding a second.
export const CANDOR_FLAG_ID_PROPERTY: CandorPropertyDef = {
  name: "candor_flag_id",
  label: "Candor flag id",
  description: "Set by Candor on the notes it writes; a retry updates the same note.",
  type: "string",
  fieldType: "text",
  hasUniqueValue: true,
};

export const CANDOR_PROPERTIES_BY_TYPE: Record<HubSpotRecordType | HubSpotEngagementType, readonly CandorPropertyDef[]> = {
  contacts: CANDOR_RECORD_PROPERTIES,
  companies: CANDOR_RECORD_PROPERTIES,
  deals: CANDOR_RECORD_PROPERTIES,
  notes: [CANDOR_FLAG_ID_PROPERTY],
  tasks: [CANDOR_FLAG_ID_PROPERTY],
};

// HUBSPOT_DEFINED association type ids (shared/crm-protocols.md).
export const NOTE_ASSOCIATION_TYPE: Record<HubSpotRecordType, number> = { contacts: 202, companies: 190, deals: 214 };
