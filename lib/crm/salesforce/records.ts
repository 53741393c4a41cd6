import type { CrmRecordData } from "@/lib/crm/adapter";
import { CANDOR_TASK_FLAG_FIELD } from "./fields";

// How Candor reads Salesforce records: which fields per sObject, how a row becomes the
// provider-neutral CrmRecordData, and what counts as won or lost. Kept apart from the adapter so
// the mapping is testable without a connection.

const SYSTEM = ["Id", "OwnerId", "CreatedDate", "LastModifiedDate"];

export const READ_FIELDS: Record<string, string[]> = {
  Lead: [
    ...SYSTEM, "FirstName", "LastName", "Company", "Title", "Email", "Phone", "Industry", "LeadSource",
    "NumberOfEmployees", "AnnualRevenue", "Country", "Status", "IsConverted", "ConvertedDate",
  ],
  Contact: [...SYSTEM, "FirstName", "LastName", "Title", "Email", "Phone", "LeadSource", "MailingCountry", "AccountId"],
  Account: [...SYSTEM, "Name", "Industry", "NumberOfEmployees", "AnnualRevenue", "BillingCountry", "Type", "AccountSource"],
  Opportunity: [...SYSTEM, "Name", "StageName", "Amount", "CloseDate", "IsClosed", "IsWon", "LeadSource", "Type", "AccountId"],
};

// Lead and Contact activities hang off WhoId; Account and Opportunity ones off WhatId.
export const ACTIVITY_LINK: Record<string, "WhoId" | "WhatId"> = {
  Lead: "WhoId", Contact: "WhoId", Account: "WhatId", Opportunity: "WhatId",
};

export const TASK_FIELDS = ["Id", "Subject", "Type", "TaskSubtype", "ActivityDate", "CreatedDate", "WhoId", "WhatId"];

// Salesforce ids are 15 or 18 alphanumerics; anything else never reaches a SOQL string.
const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

export function isSalesforceId(value: string): boolean {
  return SALESFORCE_ID.test(value);
}

export function soqlIdList(ids: string[]): string {
  return ids.filter(isSalesforceId).map((id) => `'${id}'`).join(", ");
}

// A cursor is an instant; SOQL takes it as an unquoted datetime literal.
export function soqlDateTime(cursor: string): string | null {
  const ms = Date.parse(cursor);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function activityQuery(objectType: string, ids: string[]): string | null {
  const link = ACTIVITY_LINK[objectType];
  const list = soqlIdList(ids);
  if (!link || !list) return null;
  // Candor's own flag tasks are Candor's writes, not the customer's activity.
  return `SELECT ${TASK_FIELDS.join(", ")} FROM Task WHERE ${link} IN (${list}) AND ${CANDOR_TASK_FLAG_FIELD.name} = null ORDER BY CreatedDate ASC`;
}

type Row = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

function iso(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function activityKind(task: Row): string {
  const type = `${str(task.Type) ?? ""} ${str(task.TaskSubtype) ?? ""}`.toLowerCase();
  if (type.includes("call")) return "call";
  if (type.includes("meeting")) return "meeting";
  if (type.includes("email")) return "email";
  return "task";
}

export function toActivity(task: Row): CrmRecordData["activities"][number] {
  return {
    externalId: String(task.Id),
    kind: activityKind(task),
    subject: str(task.Subject) ?? "",
    occurredAt: iso(task.ActivityDate) ?? iso(task.CreatedDate) ?? new Date(0).toISOString(),
  };
}

function outcomeOf(objectType: string, row: Row): { outcome: CrmRecordData["outcome"]; closedAt: string | null } {
  const modified = iso(row.LastModifiedDate);
  if (objectType === "Lead") {
    if (row.IsConverted === true) return { outcome: "WON", closedAt: iso(row.ConvertedDate) ?? modified };
    if (/not converted|unqualified|disqualified/i.test(str(row.Status) ?? "")) return { outcome: "LOST", closedAt: modified };
  }
  if (objectType === "Opportunity" && row.IsClosed === true) {
    return { outcome: row.IsWon === true ? "WON" : "LOST", closedAt: iso(row.CloseDate) ?? modified };
  }
  if (objectType === "Account" && /^customer/i.test(str(row.Type) ?? "")) return { outcome: "WON", closedAt: modified };
  return { outcome: "OPEN", closedAt: null };
}

function nameOf(row: Row): string {
  const person = [str(row.FirstName), str(row.LastName)].filter(Boolean).join(" ");
  return person || str(row.Name) || String(row.Id);
}

export function toRecordData(objectType: string, row: Row, tasks: Row[]): CrmRecordData {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (k !== "attributes" && k !== "Id") fields[k] = v;
  return {
    objectType,
    externalId: String(row.Id),
    name: nameOf(row),
    ownerExternalId: str(row.OwnerId),
    fields,
    createdAt: iso(row.CreatedDate) ?? new Date(0).toISOString(),
    updatedAt: iso(row.LastModifiedDate) ?? new Date(0).toISOString(),
    ...outcomeOf(objectType, row),
    activities: tasks.map(toActivity),
  };
}
