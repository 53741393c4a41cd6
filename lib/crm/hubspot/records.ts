import type { CrmRecordData } from "@/lib/crm/adapter";
import { CANDOR_FLAG_ID_PROPERTY, candorObjectType, type HubSpotRecordType } from "./properties";

// How Candor reads HubSpot records: which properties per type, how an object becomes the
// provider-neutral CrmRecordData, and what counts as won or lost.

const COMMON = ["hubspot_owner_id", "createdate", "hs_lastmodifieddate"];

export const READ_PROPERTIES: Record<HubSpotRecordType, string[]> = {
  contacts: [
    ...COMMON, "firstname", "lastname", "email", "jobtitle", "company", "phone", "country", "industry",
    "annualrevenue", "lifecyclestage", "hs_lead_status", "hs_analytics_source", "hs_lifecyclestage_customer_date",
  ],
  companies: [...COMMON, "name", "domain", "industry", "numberofemployees", "annualrevenue", "country", "lifecyclestage"],
  deals: [...COMMON, "dealname", "amount", "dealstage", "pipeline", "closedate"],
};

export const NOTE_PROPERTIES = ["hs_note_body", "hs_timestamp", CANDOR_FLAG_ID_PROPERTY.name];
export const TASK_PROPERTIES = ["hs_task_subject", "hs_task_type", "hs_timestamp", CANDOR_FLAG_ID_PROPERTY.name];

export interface HsObject {
  id: string;
  properties: Record<string, string | null | undefined>;
  createdAt?: Date | string;
  updatedAt?: Date | string;
}

const val = (o: HsObject, name: string): string | null => {
  const v = o.properties[name];
  return typeof v === "string" && v !== "" ? v : null;
};

function iso(v: string | Date | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const ms = v instanceof Date ? v.getTime() : /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function outcomeOf(type: HubSpotRecordType, o: HsObject): { outcome: CrmRecordData["outcome"]; closedAt: string | null } {
  const modified = iso(val(o, "hs_lastmodifieddate")) ?? iso(o.updatedAt);
  const stage = val(o, "lifecyclestage");
  if (type === "deals") {
    const dealstage = val(o, "dealstage");
    if (dealstage === "closedwon") return { outcome: "WON", closedAt: iso(val(o, "closedate")) ?? modified };
    if (dealstage === "closedlost") return { outcome: "LOST", closedAt: iso(val(o, "closedate")) ?? modified };
    return { outcome: "OPEN", closedAt: null };
  }
  if (stage === "customer" || stage === "evangelist") {
    return { outcome: "WON", closedAt: iso(val(o, "hs_lifecyclestage_customer_date")) ?? modified };
  }
  if (type === "contacts" && (val(o, "hs_lead_status") === "UNQUALIFIED" || stage === "other")) {
    return { outcome: "LOST", closedAt: modified };
  }
  return { outcome: "OPEN", closedAt: null };
}

function nameOf(type: HubSpotRecordType, o: HsObject): string {
  if (type === "contacts") return [val(o, "firstname"), val(o, "lastname")].filter(Boolean).join(" ") || val(o, "email") || `Contact ${o.id}`;
  if (type === "companies") return val(o, "name") ?? val(o, "domain") ?? `Company ${o.id}`;
  return val(o, "dealname") ?? `Deal ${o.id}`;
}

// Note bodies are HTML; an activity's subject is its first line of text.
function firstLine(html: string): string {
  const text = html.replace(/<br\s*\/?>|<\/p>/gi, "\n").replace(/<[^>]*>/g, "").replace(/&nbsp;/g, " ");
  return (text.split("\n").map((l) => l.trim()).find(Boolean) ?? "").slice(0, 200);
}

export function isCandorEngagement(o: HsObject): boolean {
  return val(o, CANDOR_FLAG_ID_PROPERTY.name) !== null;
}

export function noteActivity(o: HsObject): CrmRecordData["activities"][number] {
  return {
    externalId: o.id, kind: "note", subject: firstLine(val(o, "hs_note_body") ?? ""),
    occurredAt: iso(val(o, "hs_timestamp")) ?? iso(o.createdAt) ?? new Date(0).toISOString(),
  };
}

export function taskActivity(o: HsObject): CrmRecordData["activities"][number] {
  const type = val(o, "hs_task_type");
  return {
    externalId: o.id, kind: type === "CALL" ? "call" : type === "EMAIL" ? "email" : "task", subject: val(o, "hs_task_subject") ?? "",
    occurredAt: iso(val(o, "hs_timestamp")) ?? iso(o.createdAt) ?? new Date(0).toISOString(),
  };
}

export function toRecordData(type: HubSpotRecordType, o: HsObject, activities: CrmRecordData["activities"]): CrmRecordData {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o.properties)) if (v !== null && v !== undefined && v !== "") fields[k] = v;
  return {
    objectType: candorObjectType(type),
    externalId: o.id,
    name: nameOf(type, o),
    ownerExternalId: val(o, "hubspot_owner_id"),
    fields,
    createdAt: iso(val(o, "createdate")) ?? iso(o.createdAt) ?? new Date(0).toISOString(),
    updatedAt: iso(val(o, "hs_lastmodifieddate")) ?? iso(o.updatedAt) ?? new Date(0).toISOString(),
    ...outcomeOf(type, o),
    activities: [...activities].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)),
  };
}

export function candorFieldProperties(values: { score: number; band: string; topReasons: string; modelVersion: string; scoredAt: string }) {
  return {
    candor_score: String(values.score),
    candor_band: values.band,
    candor_top_reasons: values.topReasons,
    candor_model_version: values.modelVersion,
    candor_scored_at: values.scoredAt,
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// HubSpot renders note bodies as HTML: escape what Candor got from users, keep line breaks.
export function noteBody(subject: string, body: string): string {
  return `<p><strong>${escapeHtml(subject)}</strong></p><p>${body.split("\n").map(escapeHtml).join("<br>")}</p>`;
}
