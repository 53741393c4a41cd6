import { readFileSync } from "node:fs";
import path from "node:path";

// Written by `scripts/demo.ts --e2e` (Playwright's webServer) once the stack is up.
export interface E2eStack {
  appUrl: string;
  salesforceUrl: string;
  recordPageUrl: string;
  spareRecordPageUrl: string;
  leadId: string;
  // The same rep's open lead with the most activity history (many reasons).
  busyRecordPageUrl: string;
  rep: string;
  // The HubSpot stand-in: a contact page the rep (a HubSpot user) owns, with the Candor card.
  hubspot: { url: string; portalId: string; recordPageUrl: string; contactId: string; userId: string; rep: string };
  idpUrl: string;
  // The second demo tenant, with its own Salesforce org and HubSpot portal on stand-ins of their own.
  secondTenant: {
    name: string;
    salesforceUrl: string;
    recordPageUrl: string;
    leadId: string;
    rep: string;
    repSalesforceId: string;
    hubspot: { url: string; portalId: string; recordPageUrl: string; contactId: string; userId: string };
  };
}

export function e2eStack(): E2eStack {
  return JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../.data/e2e-stack.json"), "utf8"));
}
