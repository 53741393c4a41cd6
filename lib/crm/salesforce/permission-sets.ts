import type { Capability, RoleGrants } from "@/lib/authz";
import { CANDOR_FIELDS, CANDOR_SCORED_SOBJECTS } from "./fields";

// Candor's fields in Salesforce follow the same matrix as the panel, as far as Salesforce can
// express it: field-level security per role. A role that may not view scores gets no read on the
// score fields; one that may not view reasons gets no read on Candor_Top_Reasons__c. Salesforce's
// field-level security has no notion of "own records" or "their region" — which records a user
// opens at all is the org's sharing model — so a scope other than "none" grants read on the field.
// crm/salesforce ships one permission set per built-in role, generated from the default matrix
// (metadata.test.ts keeps them equal); the access page downloads them for a tenant's own matrix.

const FIELD_CAPABILITY: Record<(typeof CANDOR_FIELDS)[number]["name"], Capability> = {
  Candor_Score__c: "scores.view",
  Candor_Band__c: "scores.view",
  Candor_Model_Version__c: "scores.view",
  Candor_Scored_At__c: "scores.view",
  Candor_Top_Reasons__c: "reasons.view",
};

const xml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

// "SALES_REP" → "Candor_Sales_Rep": a valid permission set API name (letters, digits, single underscores).
export function permissionSetName(roleKey: string): string {
  const words = roleKey.toLowerCase().split("_").filter(Boolean).map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return ["Candor", ...words].join("_");
}

export function readableFields(grants: RoleGrants): string[] {
  return [...CANDOR_SCORED_SOBJECTS]
    .sort()
    .flatMap((object) => [...CANDOR_FIELDS].sort((a, b) => a.name.localeCompare(b.name)).map((f) => ({ object, field: f.name })))
    .filter(({ field }) => grants.scopes[FIELD_CAPABILITY[field as keyof typeof FIELD_CAPABILITY]] !== "none")
    .map(({ object, field }) => `${object}.${field}`);
}

export function rolePermissionSetXml(role: { key: string; name: string }, grants: RoleGrants): string {
  const fields = readableFields(grants)
    .map((field) => `    <fieldPermissions>\n        <editable>false</editable>\n        <field>${xml(field)}</field>\n        <readable>true</readable>\n    </fieldPermissions>`)
    .join("\n");
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">`,
    `    <description>${xml(`Candor's fields as the Candor role "${role.name}" may see them: read-only, and only the fields the role's grants allow. Assign together with Candor User to the people who have this role in Candor.`)}</description>`,
    ...(fields ? [fields] : []),
    `    <hasActivationRequired>false</hasActivationRequired>`,
    `    <label>${xml(`Candor ${role.name}`.slice(0, 80))}</label>`,
    `</PermissionSet>`,
    ``,
  ].join("\n");
}
