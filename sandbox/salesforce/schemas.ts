import {
  CANDOR_FIELDS,
  CANDOR_SCORED_SOBJECTS,
  CANDOR_TASK_FLAG_FIELD,
} from "../../lib/crm/salesforce/fields";

export type FieldType =
  | "id"
  | "string"
  | "textarea"
  | "email"
  | "phone"
  | "url"
  | "picklist"
  | "reference"
  | "boolean"
  | "int"
  | "double"
  | "currency"
  | "percent"
  | "date"
  | "datetime";

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  precision?: number;
  scale?: number;
  createable: boolean;
  updateable: boolean;
  required?: boolean;
  defaultValue?: unknown;
  picklist?: string[];
  restricted?: boolean;
  referenceTo?: string[];
  relationshipName?: string;
  externalId?: boolean;
  unique?: boolean;
  calculated?: boolean;
  custom?: boolean;
}

export interface SObjectSchema {
  name: string;
  label: string;
  labelPlural: string;
  fields: FieldDef[];
  byLowerName: Map<string, FieldDef>;
  /** Derived fields recomputed on every write. */
  compute?: (row: Record<string, unknown>) => Record<string, unknown>;
  /** Defaults that depend on other values of the row being created. */
  createDefaults?: (row: Record<string, unknown>) => Record<string, unknown>;
}

type Opts = Partial<Omit<FieldDef, "name" | "label" | "type">>;

const splitLabel = (name: string): string =>
  name.replace(/Id$/, "").replace(/([a-z])([A-Z])/g, "$1 $2");

const f = (name: string, type: FieldType, o: Opts = {}, label = splitLabel(name)): FieldDef => ({
  name,
  label,
  type,
  createable: true,
  updateable: true,
  ...o,
});
const str = (name: string, length: number, o: Opts = {}, label?: string) => f(name, "string", { length, ...o }, label);
const text = (name: string, length = 32000) => f(name, "textarea", { length });
const pick = (name: string, values: string[], o: Opts = {}, label?: string) =>
  f(name, "picklist", { length: 255, picklist: values, ...o }, label);
const ref = (name: string, to: string[], relationshipName: string, o: Opts = {}, label?: string) =>
  f(name, "reference", { length: 18, referenceTo: to, relationshipName, ...o }, label);
const ro = { createable: false, updateable: false } as const;
const num = (name: string, precision: number, scale: number, type: FieldType = "double") =>
  f(name, type, { precision, scale });

const systemFields = (): FieldDef[] => [
  f("Id", "id", { ...ro, length: 18 }, "Record ID"),
  f("IsDeleted", "boolean", ro, "Deleted"),
  f("CreatedDate", "datetime", ro, "Created Date"),
  ref("CreatedById", ["User"], "CreatedBy", ro),
  f("LastModifiedDate", "datetime", ro, "Last Modified Date"),
  ref("LastModifiedById", ["User"], "LastModifiedBy", ro),
  f("SystemModstamp", "datetime", ro, "System Modstamp"),
];
const owner = () => ref("OwnerId", ["Group", "User"], "Owner");
const lastActivity = () => f("LastActivityDate", "date", ro, "Last Activity");

const INDUSTRIES = [
  "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications",
  "Construction", "Consulting", "Education", "Electronics", "Energy", "Engineering",
  "Entertainment", "Environmental", "Finance", "Food & Beverage", "Government", "Healthcare",
  "Hospitality", "Insurance", "Machinery", "Manufacturing", "Media", "Not For Profit", "Other",
  "Recreation", "Retail", "Shipping", "Technology", "Telecommunications", "Transportation",
  "Utilities",
];
const LEAD_SOURCES = ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"];
const RATINGS = ["Hot", "Warm", "Cold"];
const SALUTATIONS = ["Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx."];
export const OPPORTUNITY_STAGES: Record<string, [probability: number, forecast: string]> = {
  Prospecting: [10, "Pipeline"],
  Qualification: [10, "Pipeline"],
  "Needs Analysis": [20, "Pipeline"],
  "Value Proposition": [50, "Pipeline"],
  "Id. Decision Makers": [60, "Pipeline"],
  "Perception Analysis": [70, "Pipeline"],
  "Proposal/Price Quote": [75, "Pipeline"],
  "Negotiation/Review": [90, "Pipeline"],
  "Closed Won": [100, "Closed"],
  "Closed Lost": [0, "Omitted"],
};

const address = (prefix: string): FieldDef[] => [
  f(`${prefix}Street`, "textarea", { length: 255 }),
  str(`${prefix}City`, 40),
  str(`${prefix}State`, 80),
  str(`${prefix}PostalCode`, 20, {}, `${prefix} Zip/Postal Code`),
  str(`${prefix}Country`, 80),
];

const fullName = (row: Record<string, unknown>) => ({
  Name: [row.FirstName, row.LastName].filter((v) => typeof v === "string" && v !== "").join(" "),
});

const candorFields = (): FieldDef[] =>
  CANDOR_FIELDS.map((c) => {
    const o: Opts = { custom: true };
    switch (c.type) {
      case "Number":
        return f(c.name, "double", { ...o, precision: c.precision, scale: c.scale }, c.label);
      case "Text":
        return f(c.name, "string", { ...o, length: c.length }, c.label);
      case "LongTextArea":
        return f(c.name, "textarea", { ...o, length: c.length }, c.label);
      case "DateTime":
        return f(c.name, "datetime", o, c.label);
    }
  });

const definitions: Array<Omit<SObjectSchema, "byLowerName">> = [
  {
    name: "Lead",
    label: "Lead",
    labelPlural: "Leads",
    compute: fullName,
    fields: [
      ...systemFields(),
      str("LastName", 80, { required: true }, "Last Name"),
      str("FirstName", 40, {}, "First Name"),
      pick("Salutation", SALUTATIONS),
      str("Name", 121, { ...ro, calculated: true }, "Full Name"),
      str("Title", 128),
      str("Company", 255, { required: true }),
      ...address(""),
      f("Phone", "phone", { length: 40 }),
      f("MobilePhone", "phone", { length: 40 }, "Mobile Phone"),
      f("Email", "email", { length: 80 }),
      f("Website", "url", { length: 255 }),
      text("Description"),
      pick("LeadSource", LEAD_SOURCES),
      pick("Status", ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"], {
        restricted: true,
        defaultValue: "Open - Not Contacted",
      }),
      pick("Industry", INDUSTRIES),
      pick("Rating", RATINGS),
      f("AnnualRevenue", "currency", { precision: 18, scale: 0 }, "Annual Revenue"),
      f("NumberOfEmployees", "int", { precision: 8, scale: 0 }, "Employees"),
      owner(),
      f("IsConverted", "boolean", { updateable: false, defaultValue: false }, "Converted"),
      f("ConvertedDate", "date", ro, "Converted Date"),
      ref("ConvertedAccountId", ["Account"], "ConvertedAccount", ro),
      ref("ConvertedContactId", ["Contact"], "ConvertedContact", ro),
      ref("ConvertedOpportunityId", ["Opportunity"], "ConvertedOpportunity", ro),
      f("IsUnreadByOwner", "boolean", { defaultValue: false }, "Unread By Owner"),
      lastActivity(),
    ],
  },
  {
    name: "Contact",
    label: "Contact",
    labelPlural: "Contacts",
    compute: fullName,
    fields: [
      ...systemFields(),
      ref("AccountId", ["Account"], "Account"),
      str("LastName", 80, { required: true }, "Last Name"),
      str("FirstName", 40, {}, "First Name"),
      pick("Salutation", SALUTATIONS),
      str("Name", 121, { ...ro, calculated: true }, "Full Name"),
      ...address("Mailing"),
      f("Phone", "phone", { length: 40 }, "Business Phone"),
      f("MobilePhone", "phone", { length: 40 }, "Mobile Phone"),
      f("Email", "email", { length: 80 }),
      str("Title", 128),
      str("Department", 80),
      pick("LeadSource", LEAD_SOURCES),
      f("Birthdate", "date"),
      text("Description"),
      owner(),
      lastActivity(),
    ],
  },
  {
    name: "Account",
    label: "Account",
    labelPlural: "Accounts",
    fields: [
      ...systemFields(),
      str("Name", 255, { required: true }, "Account Name"),
      pick("Type", ["Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller", "Installation Partner", "Technology Partner", "Other"], {}),
      ref("ParentId", ["Account"], "Parent"),
      ...address("Billing"),
      ...address("Shipping"),
      f("Phone", "phone", { length: 40 }),
      f("Website", "url", { length: 255 }),
      pick("Industry", INDUSTRIES),
      f("AnnualRevenue", "currency", { precision: 18, scale: 0 }, "Annual Revenue"),
      f("NumberOfEmployees", "int", { precision: 8, scale: 0 }, "Employees"),
      text("Description"),
      pick("Rating", RATINGS),
      pick("AccountSource", LEAD_SOURCES),
      owner(),
      lastActivity(),
    ],
  },
  {
    name: "Opportunity",
    label: "Opportunity",
    labelPlural: "Opportunities",
    compute: (row) => {
      const stage = typeof row.StageName === "string" ? row.StageName : "";
      return {
        IsClosed: stage.startsWith("Closed"),
        IsWon: stage === "Closed Won",
        ForecastCategory: OPPORTUNITY_STAGES[stage]?.[1] ?? "Pipeline",
      };
    },
    createDefaults: (row) =>
      row.Probability == null && typeof row.StageName === "string"
        ? { Probability: OPPORTUNITY_STAGES[row.StageName]?.[0] ?? null }
        : {},
    fields: [
      ...systemFields(),
      ref("AccountId", ["Account"], "Account"),
      str("Name", 120, { required: true }),
      text("Description"),
      pick("StageName", Object.keys(OPPORTUNITY_STAGES), { required: true, restricted: true }),
      f("Amount", "currency", { precision: 18, scale: 2 }),
      num("Probability", 3, 0, "percent"),
      f("CloseDate", "date", { required: true }, "Close Date"),
      pick("Type", ["Existing Customer - Upgrade", "Existing Customer - Replacement", "Existing Customer - Downgrade", "New Customer"]),
      str("NextStep", 255, {}, "Next Step"),
      pick("LeadSource", LEAD_SOURCES),
      f("IsClosed", "boolean", { ...ro, calculated: true }, "Closed"),
      f("IsWon", "boolean", { ...ro, calculated: true }, "Won"),
      pick("ForecastCategory", ["Omitted", "Pipeline", "BestCase", "Forecast", "Closed"], { ...ro, calculated: true }),
      owner(),
      lastActivity(),
    ],
  },
  {
    name: "Task",
    label: "Task",
    labelPlural: "Tasks",
    compute: (row) => ({ IsClosed: row.Status === "Completed", IsHighPriority: row.Priority === "High" }),
    fields: [
      ...systemFields(),
      ref("WhoId", ["Contact", "Lead"], "Who"),
      ref("WhatId", ["Account", "Opportunity"], "What"),
      str("Subject", 255),
      f("ActivityDate", "date", {}, "Due Date Only"),
      pick("Status", ["Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"], {
        restricted: true,
        required: true,
        defaultValue: "Not Started",
      }),
      pick("Priority", ["High", "Normal", "Low"], { restricted: true, required: true, defaultValue: "Normal" }),
      f("IsHighPriority", "boolean", { ...ro, calculated: true }, "High Priority"),
      owner(),
      text("Description"),
      pick("Type", ["Call", "Email", "Meeting", "Other"]),
      f("IsClosed", "boolean", { ...ro, calculated: true }, "Closed"),
      pick("TaskSubtype", ["Task", "Email", "ListEmail", "Cadence", "Call"], { updateable: false, defaultValue: "Task" }),
      f(CANDOR_TASK_FLAG_FIELD.name, "string", {
        length: CANDOR_TASK_FLAG_FIELD.length,
        externalId: CANDOR_TASK_FLAG_FIELD.externalId,
        unique: CANDOR_TASK_FLAG_FIELD.unique,
        custom: true,
      }, CANDOR_TASK_FLAG_FIELD.label),
    ],
  },
  {
    name: "User",
    label: "User",
    labelPlural: "Users",
    compute: fullName,
    fields: [
      ...systemFields().filter((d) => d.name !== "IsDeleted"),
      str("Username", 80, { required: true, unique: true }),
      str("LastName", 80, { required: true }, "Last Name"),
      str("FirstName", 40, {}, "First Name"),
      str("Name", 121, { ...ro, calculated: true }, "Full Name"),
      str("Alias", 8),
      f("Email", "email", { length: 128, required: true }),
      str("Title", 80),
      str("Department", 80),
      f("IsActive", "boolean", { defaultValue: true }, "Active"),
      ref("ProfileId", ["Profile"], "Profile"),
      ref("UserRoleId", ["UserRole"], "UserRole"),
      str("FederationIdentifier", 512, {}, "SAML Federation ID"),
      pick("TimeZoneSidKey", ["America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Paris", "GMT"], { defaultValue: "America/Los_Angeles" }),
      pick("LocaleSidKey", ["en_US", "en_GB", "fr_FR", "de_DE"], { defaultValue: "en_US" }),
      pick("LanguageLocaleKey", ["en_US", "fr", "de"], { defaultValue: "en_US" }),
      pick("UserType", ["Standard", "PowerPartner", "CsnOnly"], { ...ro, defaultValue: "Standard" }),
    ],
  },
];

export function buildSchemas(): Map<string, SObjectSchema> {
  const scored = new Set<string>(CANDOR_SCORED_SOBJECTS);
  const out = new Map<string, SObjectSchema>();
  for (const def of definitions) {
    const fields = scored.has(def.name) ? [...def.fields, ...candorFields()] : def.fields;
    const byLowerName = new Map(fields.map((d) => [d.name.toLowerCase(), d]));
    out.set(def.name.toLowerCase(), { ...def, fields, byLowerName });
  }
  return out;
}

/** Long text areas cannot be filtered or sorted in SOQL. */
export const isLongText = (d: FieldDef): boolean => d.type === "textarea" && (d.length ?? 0) > 255;
