// Feature extraction: one fixed, provider-neutral row per CRM record as of a moment in time.
// Every model (the cold-start prior, the GBDT engine) reads these rows, and the reason layer
// explains in terms of these names, so the schema below is the contract between them.
import { isActivityKind, type ActivityKind } from "./activity-kinds";
import { industryGroup, isFreeEmail, sourceGroup, titleSeniority } from "./normalise";

export type FeatureKind = "numeric" | "categorical";

export interface FeatureSpec {
  name: string;
  kind: FeatureKind;
  label: string;
  /** Whether a rep can change it (book a meeting) as opposed to a fact (company size). */
  actionable: boolean;
}

export const FEATURE_SCHEMA = [
  { name: "pricing_page_visits_7d", kind: "numeric", label: "Pricing page visits (7 days)", actionable: true },
  { name: "web_visits_30d", kind: "numeric", label: "Website visits (30 days)", actionable: false },
  { name: "email_opens_30d", kind: "numeric", label: "Email opens (30 days)", actionable: false },
  { name: "email_replies_30d", kind: "numeric", label: "Email replies (30 days)", actionable: true },
  { name: "meetings_30d", kind: "numeric", label: "Meetings (30 days)", actionable: true },
  { name: "calls_30d", kind: "numeric", label: "Calls (30 days)", actionable: true },
  { name: "webinars_90d", kind: "numeric", label: "Webinars attended (90 days)", actionable: true },
  { name: "touches_90d", kind: "numeric", label: "All touches (90 days)", actionable: false },
  { name: "demo_requested", kind: "numeric", label: "Demo requested", actionable: true },
  { name: "days_since_last_touch", kind: "numeric", label: "Days since last touch", actionable: true },
  { name: "lead_age_days", kind: "numeric", label: "Age in days", actionable: false },
  { name: "employees", kind: "numeric", label: "Employees", actionable: false },
  { name: "annual_revenue", kind: "numeric", label: "Annual revenue", actionable: false },
  { name: "has_phone", kind: "numeric", label: "Phone number on file", actionable: true },
  { name: "free_email", kind: "numeric", label: "Personal email address", actionable: false },
  { name: "title_seniority", kind: "categorical", label: "Title seniority", actionable: false },
  { name: "industry", kind: "categorical", label: "Industry", actionable: false },
  { name: "lead_source", kind: "categorical", label: "Lead source", actionable: false },
] as const satisfies readonly FeatureSpec[];

export type FeatureName = (typeof FEATURE_SCHEMA)[number]["name"];
export type FeatureRow = Record<string, number | string | null>;

export const FEATURE_NAMES: readonly FeatureName[] = FEATURE_SCHEMA.map((f) => f.name);
export const ACTIONABLE_FEATURES: readonly FeatureName[] = FEATURE_SCHEMA.filter((f) => f.actionable).map(
  (f) => f.name,
);

export function featureSpec(name: string): FeatureSpec | undefined {
  return (FEATURE_SCHEMA as readonly FeatureSpec[]).find((f) => f.name === name);
}

export interface CrmRecordInput {
  /** lead, contact, account/company, opportunity/deal; informational, the mapping is by field name. */
  objectType: string;
  fields: Record<string, unknown>;
  activities: ReadonlyArray<{ kind: string; occurredAt: Date }>;
  createdAt: Date;
}

const DAY_MS = 86_400_000;

/**
 * Closed records are featurised a little before they closed: the last days before a close are full
 * of paperwork (contract reviews, signature calls) that a score for an open lead can never see.
 */
export const TRAINING_GAP_DAYS = 7;

export function trainingAsOf(closedAt: Date, gapDays: number = TRAINING_GAP_DAYS): Date {
  return new Date(closedAt.getTime() - gapDays * DAY_MS);
}

// Salesforce field API names first, then HubSpot internal property names.
const FIELD_ALIASES = {
  title: ["Title", "jobtitle"],
  industry: ["Industry", "industry"],
  source: ["LeadSource", "hs_analytics_source", "hs_latest_source"],
  employees: ["NumberOfEmployees", "numberofemployees"],
  revenue: ["AnnualRevenue", "annualrevenue"],
  phone: ["Phone", "MobilePhone", "phone", "mobilephone"],
  email: ["Email", "email"],
} as const;

function text(fields: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const v = fields[key];
    if (typeof v === "string" && v.trim() !== "") return v.trim();
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
  }
  return null;
}

function nonNegativeNumber(fields: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const key of keys) {
    const v = fields[key];
    // HubSpot sends numbers as strings, sometimes with thousands separators.
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v.replace(/,/g, "")) : NaN;
    if (Number.isFinite(n) && n >= 0) return n;
  }
  return null;
}

/**
 * HubSpot keeps firmographics on the company, not the contact or deal. Callers fill them in from
 * the primary associated company; the record's own values win.
 */
export function withAssociatedCompany(
  fields: Record<string, unknown>,
  company: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  if (!company) return fields;
  const merged: Record<string, unknown> = { ...fields };
  // Not phone: a switchboard number does not reach the person.
  for (const key of ["industry", "numberofemployees", "annualrevenue", "country"]) {
    const own = merged[key];
    if ((own === undefined || own === null || own === "") && company[key] !== undefined) merged[key] = company[key];
  }
  if ((merged.company === undefined || merged.company === "") && typeof company.name === "string") {
    merged.company = company.name;
  }
  return merged;
}

/** A stored record (CrmRecord with its activities) as the feature extractor reads it. */
export function featuresOf(
  r: { objectType: string; fields: unknown; activities: ReadonlyArray<{ kind: string; occurredAt: Date }>; crmCreatedAt: Date },
  asOf: Date,
): FeatureRow {
  return extractFeatures({ objectType: r.objectType, fields: r.fields as Record<string, unknown>, activities: r.activities, createdAt: r.crmCreatedAt }, asOf);
}

export function extractFeatures(input: CrmRecordInput, asOf: Date): FeatureRow {
  const now = asOf.getTime();
  // Anything after asOf did not exist yet at scoring time; counting it would leak the future.
  const seen = input.activities.filter(
    (a): a is { kind: ActivityKind; occurredAt: Date } => isActivityKind(a.kind) && a.occurredAt.getTime() <= now,
  );
  const count = (kinds: readonly ActivityKind[], days: number): number =>
    seen.filter((a) => kinds.includes(a.kind) && now - a.occurredAt.getTime() < days * DAY_MS).length;
  const lastTouch = seen.reduce((max, a) => Math.max(max, a.occurredAt.getTime()), -Infinity);

  const fields = input.fields;
  const phone = text(fields, FIELD_ALIASES.phone);
  const freeEmail = isFreeEmail(text(fields, FIELD_ALIASES.email));

  const row: Record<FeatureName, number | string | null> = {
    pricing_page_visits_7d: count(["pricing_page_visit"], 7),
    web_visits_30d: count(["web_visit"], 30),
    email_opens_30d: count(["email_open"], 30),
    email_replies_30d: count(["email_reply"], 30),
    meetings_30d: count(["meeting"], 30),
    calls_30d: count(["call"], 30),
    webinars_90d: count(["webinar"], 90),
    touches_90d: count(
      ["email_open", "email_reply", "call", "meeting", "web_visit", "pricing_page_visit", "demo_request", "webinar"],
      90,
    ),
    demo_requested: seen.some((a) => a.kind === "demo_request") ? 1 : 0,
    days_since_last_touch: Number.isFinite(lastTouch) ? Math.floor((now - lastTouch) / DAY_MS) : null,
    lead_age_days: Math.max(0, Math.floor((now - input.createdAt.getTime()) / DAY_MS)),
    employees: nonNegativeNumber(fields, FIELD_ALIASES.employees),
    annual_revenue: nonNegativeNumber(fields, FIELD_ALIASES.revenue),
    has_phone: phone === null ? 0 : 1,
    free_email: freeEmail === null ? null : freeEmail ? 1 : 0,
    title_seniority: titleSeniority(text(fields, FIELD_ALIASES.title)),
    industry: industryGroup(text(fields, FIELD_ALIASES.industry)),
    lead_source: sourceGroup(text(fields, FIELD_ALIASES.source)),
  };
  return row;
}

/** The raw field values a reason may quote next to a feature, e.g. the title behind "VP-level". */
export function reasonContext(fields: Record<string, unknown>): Record<string, string> {
  const context: Record<string, string> = {};
  const title = text(fields, FIELD_ALIASES.title);
  const industry = text(fields, FIELD_ALIASES.industry);
  const source = text(fields, FIELD_ALIASES.source);
  if (title) context.title = title;
  if (industry) context.industry_raw = industry;
  if (source) context.source_raw = source;
  return context;
}
