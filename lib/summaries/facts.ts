// The facts a summary may rest on, read from a record: named fields and its activities. The
// offline summarizer cites them directly; the external provider receives them (masked) as the only
// material it may use, and every sentence it returns must cite them by id.
import { ACTIVITY_KIND_LABELS, isActivityKind } from "@/lib/scoring/activity-kinds";
import type { SummaryFact, SummaryInput } from "./types";

// Salesforce API names first, then HubSpot property names.
export const FIELDS = {
  first_name: { label: "First name", keys: ["FirstName", "firstname"] },
  last_name: { label: "Last name", keys: ["LastName", "lastname"] },
  title: { label: "Title", keys: ["Title", "jobtitle"] },
  company: { label: "Company", keys: ["Company", "company"] },
  record_name: { label: "Name", keys: ["Name", "name", "dealname"] },
  industry: { label: "Industry", keys: ["Industry", "industry"] },
  employees: { label: "Employees", keys: ["NumberOfEmployees", "numberofemployees"] },
  country: { label: "Country", keys: ["Country", "BillingCountry", "country"] },
  status: { label: "Status", keys: ["Status", "hs_lead_status"] },
  stage: { label: "Stage", keys: ["StageName", "dealstage"] },
  amount: { label: "Amount", keys: ["Amount", "amount"] },
  close_date: { label: "Close date", keys: ["CloseDate", "closedate"] },
  lead_source: { label: "Lead source", keys: ["LeadSource", "hs_analytics_source"] },
} as const;
export type FieldId = keyof typeof FIELDS;

export function field(input: Pick<SummaryInput, "fields">, id: FieldId): SummaryFact | null {
  for (const key of FIELDS[id].keys) {
    const v = input.fields[key];
    if ((typeof v === "string" && v.trim() !== "") || (typeof v === "number" && Number.isFinite(v))) {
      return { id, label: FIELDS[id].label, value: String(v), source: `field:${key}` };
    }
  }
  return null;
}

const DAY_MS = 86_400_000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const formatDate = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;

/** Enough history for a few sentences without sending a record's whole past. */
const ACTIVITY_DAYS = 90;
const MAX_PAST = 15;
const MAX_UPCOMING = 3;

/** Every fact of a record, fields first, then recent and upcoming activities (newest first). */
export function recordFacts(input: SummaryInput): SummaryFact[] {
  const facts = (Object.keys(FIELDS) as FieldId[]).map((id) => field(input, id)).filter((f): f is SummaryFact => f !== null);
  const asOf = input.asOf.getTime();
  const known = input.activities.filter((a) => isActivityKind(a.kind));
  const past = known
    .filter((a) => a.occurredAt.getTime() <= asOf && asOf - a.occurredAt.getTime() <= ACTIVITY_DAYS * DAY_MS)
    .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || a.id.localeCompare(b.id))
    .slice(0, MAX_PAST);
  const upcoming = known
    .filter((a) => a.occurredAt.getTime() > asOf)
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id))
    .slice(0, MAX_UPCOMING);
  for (const a of [...upcoming, ...past]) {
    const label = isActivityKind(a.kind) ? ACTIVITY_KIND_LABELS[a.kind].one : a.kind;
    const when = a.occurredAt.getTime() > asOf ? "Planned" : "";
    facts.push({
      id: `activity:${a.id}`,
      label: `${when ? `${when} ` : ""}${when ? label : `${label[0]?.toUpperCase()}${label.slice(1)}`} on ${formatDate(a.occurredAt)}`,
      value: a.subject,
      source: `activity:${a.id}`,
    });
  }
  return facts;
}
