import type { ObjectType } from "./object-types.js";

export type PropertyType = "string" | "number" | "date" | "datetime" | "enumeration" | "bool" | "phone_number";

export interface PropertyOption {
  label: string;
  value: string;
  description?: string;
  displayOrder: number;
  hidden: boolean;
}

export interface PropertyDef {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  hubspotDefined?: boolean;
  readOnlyValue: boolean;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface PropertyGroupDef {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

type Seed = [name: string, label: string, type: PropertyType, fieldType: string, group: string, extra?: Partial<PropertyDef> & { values?: string[] }];

const SYSTEM_SEEDS = (group: string, createdateName: string): Seed[] => [
  ["hs_object_id", "Record ID", "number", "number", group, { readOnlyValue: true }],
  [createdateName, "Create Date", "datetime", "date", group, { readOnlyValue: true }],
  ["hs_lastmodifieddate", "Object last modified date/time", "datetime", "date", group, { readOnlyValue: true }],
  ["hubspot_owner_id", "Owner", "enumeration", "select", group, { externalOptions: true }],
];

const SEEDS: Record<ObjectType, Seed[]> = {
  contacts: [
    ...SYSTEM_SEEDS("contactinformation", "createdate"),
    ["lastmodifieddate", "Last Modified Date", "datetime", "date", "contactinformation", { readOnlyValue: true }],
    ["firstname", "First Name", "string", "text", "contactinformation"],
    ["lastname", "Last Name", "string", "text", "contactinformation"],
    ["email", "Email", "string", "text", "contactinformation"],
    ["jobtitle", "Job Title", "string", "text", "contactinformation"],
    ["company", "Company Name", "string", "text", "contactinformation"],
    ["phone", "Phone Number", "string", "phonenumber", "contactinformation"],
    ["mobilephone", "Mobile Phone Number", "string", "phonenumber", "contactinformation"],
    ["website", "Website URL", "string", "text", "contactinformation"],
    ["city", "City", "string", "text", "contactinformation"],
    ["state", "State/Region", "string", "text", "contactinformation"],
    ["country", "Country/Region", "string", "text", "contactinformation"],
    ["industry", "Industry", "string", "text", "contactinformation"],
    ["annualrevenue", "Annual Revenue", "string", "text", "contactinformation"],
    ["hs_analytics_source", "Original Source", "enumeration", "select", "analyticsinformation", {
      values: ["ORGANIC_SEARCH", "PAID_SEARCH", "EMAIL_MARKETING", "SOCIAL_MEDIA", "REFERRALS", "OTHER_CAMPAIGNS", "DIRECT_TRAFFIC", "OFFLINE", "PAID_SOCIAL"],
    }],
    ["lifecyclestage", "Lifecycle Stage", "enumeration", "radio", "contactinformation", {
      values: ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist", "other"],
    }],
    ["hs_lead_status", "Lead Status", "enumeration", "radio", "sales_properties", {
      values: ["NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"],
    }],
    ["notes_last_updated", "Last Activity Date", "datetime", "date", "contact_activity", { readOnlyValue: true }],
    ["num_associated_deals", "Number of Associated Deals", "number", "number", "deal_information", { readOnlyValue: true }],
  ],
  companies: [
    ...SYSTEM_SEEDS("companyinformation", "createdate"),
    ["name", "Company name", "string", "text", "companyinformation"],
    ["domain", "Company Domain Name", "string", "text", "companyinformation"],
    ["website", "Website URL", "string", "text", "companyinformation"],
    ["industry", "Industry", "string", "text", "companyinformation"],
    ["numberofemployees", "Number of Employees", "number", "number", "companyinformation"],
    ["annualrevenue", "Annual Revenue", "number", "number", "companyinformation"],
    ["phone", "Phone Number", "string", "phonenumber", "companyinformation"],
    ["city", "City", "string", "text", "companyinformation"],
    ["state", "State/Region", "string", "text", "companyinformation"],
    ["country", "Country/Region", "string", "text", "companyinformation"],
    ["description", "Description", "string", "textarea", "companyinformation"],
    ["type", "Type", "enumeration", "select", "companyinformation", {
      values: ["PROSPECT", "PARTNER", "RESELLER", "VENDOR", "OTHER"],
    }],
    ["lifecyclestage", "Lifecycle Stage", "enumeration", "radio", "companyinformation", {
      values: ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist", "other"],
    }],
  ],
  deals: [
    ...SYSTEM_SEEDS("dealinformation", "createdate"),
    ["dealname", "Deal Name", "string", "text", "dealinformation"],
    ["amount", "Amount", "number", "number", "dealinformation"],
    ["dealstage", "Deal Stage", "enumeration", "radio", "dealinformation", {
      values: ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin", "contractsent", "closedwon", "closedlost"],
    }],
    ["pipeline", "Pipeline", "enumeration", "select", "dealinformation", { values: ["default"] }],
    ["closedate", "Close Date", "datetime", "date", "dealinformation"],
    ["dealtype", "Deal Type", "enumeration", "radio", "dealinformation", { values: ["newbusiness", "existingbusiness"] }],
    ["description", "Deal Description", "string", "textarea", "dealinformation"],
    ["hs_priority", "Priority", "enumeration", "select", "dealinformation", { values: ["low", "medium", "high"] }],
  ],
  notes: [
    ...SYSTEM_SEEDS("engagement", "hs_createdate"),
    ["hs_timestamp", "Activity date", "datetime", "date", "engagement"],
    ["hs_note_body", "Note body", "string", "html", "engagement"],
    ["hs_attachment_ids", "Attached file IDs", "enumeration", "checkbox", "engagement", { externalOptions: true }],
  ],
  tasks: [
    ...SYSTEM_SEEDS("engagement", "hs_createdate"),
    ["hs_timestamp", "Due date", "datetime", "date", "engagement"],
    ["hs_task_subject", "Task Title", "string", "text", "engagement"],
    ["hs_task_body", "Notes", "string", "html", "engagement"],
    ["hs_task_status", "Task Status", "enumeration", "select", "engagement", {
      values: ["NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED"],
    }],
    ["hs_task_priority", "Priority", "enumeration", "select", "engagement", { values: ["NONE", "LOW", "MEDIUM", "HIGH"] }],
    ["hs_task_type", "Task Type", "enumeration", "select", "engagement", { values: ["CALL", "EMAIL", "TODO", "LINKED_IN"] }],
  ],
};

const GROUPS: Record<ObjectType, Array<[string, string]>> = {
  contacts: [["contactinformation", "Contact information"], ["analyticsinformation", "Web analytics history"], ["sales_properties", "Sales properties"], ["contact_activity", "Contact activity"], ["deal_information", "Deal information"]],
  companies: [["companyinformation", "Company information"]],
  deals: [["dealinformation", "Deal information"]],
  notes: [["engagement", "Engagement"]],
  tasks: [["engagement", "Engagement"]],
};

function label(value: string): string {
  return value.toLowerCase().replace(/_/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

export function defaultProperties(type: ObjectType, now: string): PropertyDef[] {
  return SEEDS[type].map(([name, lbl, ptype, fieldType, groupName, extra = {}], i) => {
    const { values, ...rest } = extra;
    return {
      name,
      label: lbl,
      type: ptype,
      fieldType,
      groupName,
      description: "",
      options: (values ?? []).map((v, j) => ({ label: label(v), value: v, displayOrder: j, hidden: false })),
      displayOrder: i,
      calculated: false,
      externalOptions: false,
      hasUniqueValue: false,
      hidden: false,
      formField: true,
      hubspotDefined: true,
      readOnlyValue: false,
      createdAt: now,
      updatedAt: now,
      archived: false,
      ...rest,
    };
  });
}

export function defaultGroups(type: ObjectType): PropertyGroupDef[] {
  return GROUPS[type].map(([name, lbl], i) => ({ name, label: lbl, displayOrder: i, archived: false }));
}
