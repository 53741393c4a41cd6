import type { ActivityKind } from "@/lib/scoring/activity-kinds";
import type { Region } from "./words";

export type DemoRole = "SALES_REP" | "SALES_MANAGER" | "ADMIN" | "DATA_SCIENTIST" | "COMPLIANCE_OFFICER";
export type DemoOutcome = "OPEN" | "WON" | "LOST";

export interface DemoUser {
  /** Stable handle for tests and seed scripts, e.g. "emea-rep-1". */
  key: string;
  firstName: string;
  lastName: string;
  name: string;
  email: string;
  title: string;
  role: DemoRole;
  region: Region | null;
  team: string | null;
  /** 18-character Salesforce User id (005…). */
  salesforceUserId: string;
  /** HubSpot owner id, for the people who own HubSpot records. */
  hubspotOwnerId: string | null;
  managerKey: string | null;
}

export interface DemoActivity {
  id: string;
  kind: ActivityKind;
  subject: string;
  occurredAt: Date;
}

/** A Salesforce Lead as the REST API returns it (the fields Candor reads). */
export interface DemoLeadFields {
  FirstName: string;
  LastName: string;
  Company: string;
  Title: string | null;
  Email: string;
  Phone: string | null;
  Industry: string | null;
  LeadSource: string | null;
  NumberOfEmployees: number | null;
  AnnualRevenue: number | null;
  Country: string;
  Status: string;
  IsConverted: boolean;
  OwnerId: string;
}

interface DemoRecordBase {
  ownerExternalId: string;
  region: Region;
  team: string;
  createdAt: Date;
  updatedAt: Date;
  outcome: DemoOutcome;
  closedAt: Date | null;
  activities: DemoActivity[];
}

export interface DemoLead extends DemoRecordBase {
  /** 18-character Salesforce Lead id (00Q…). */
  externalId: string;
  fields: DemoLeadFields;
}

export type DemoHubSpotObjectType = "contact" | "company" | "deal";

export interface DemoHubSpotObject extends DemoRecordBase {
  objectType: DemoHubSpotObjectType;
  id: string;
  /** HubSpot returns every property as a string; so does the demo. */
  properties: Record<string, string>;
  associations: { contacts: string[]; companies: string[]; deals: string[] };
}

/** Who a demo tenant is: the names and the id spaces of its CRM org and portal. */
export interface DemoTenantProfile {
  name: string;
  slug: string;
  emailDomain: string;
  /** The two characters after a Salesforce id's key prefix: the org's pod, so ids never collide across orgs. */
  salesforcePod: string;
  orgSequence: number;
  instanceUrl: string;
  portalId: string;
  leadCount: number;
}

export interface DemoTenant {
  name: string;
  slug: string;
  seed: number;
  asOf: Date;
  regions: Region[];
  teams: Array<{ name: string; region: Region }>;
  users: DemoUser[];
  salesforce: { orgId: string; instanceUrl: string; leads: DemoLead[] };
  hubspot: {
    portalId: string;
    contacts: DemoHubSpotObject[];
    companies: DemoHubSpotObject[];
    deals: DemoHubSpotObject[];
  };
}
