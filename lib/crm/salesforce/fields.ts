// The custom fields Candor writes on Salesforce records. crm/salesforce (what admins install),
// the sandbox stand-in and the write-back code all read this list, so they cannot drift apart.
export const CANDOR_SCORED_SOBJECTS = ["Lead", "Contact", "Account", "Opportunity"] as const;
export type CandorScoredSObject = (typeof CANDOR_SCORED_SOBJECTS)[number];

export const CANDOR_FIELDS = [
  { name: "Candor_Score__c", label: "Candor Score", type: "Number", precision: 3, scale: 0 },
  { name: "Candor_Band__c", label: "Candor Band", type: "Text", length: 20 },
  { name: "Candor_Top_Reasons__c", label: "Candor Top Reasons", type: "LongTextArea", length: 4000 },
  { name: "Candor_Model_Version__c", label: "Candor Model Version", type: "Text", length: 80 },
  { name: "Candor_Scored_At__c", label: "Candor Scored At", type: "DateTime" },
] as const;

// On Task: the Candor flag id, an external id so a retried write upserts instead of duplicating.
export const CANDOR_TASK_FLAG_FIELD = {
  name: "Candor_Flag_Id__c",
  label: "Candor Flag Id",
  type: "Text",
  length: 64,
  externalId: true,
  unique: true,
} as const;

export const SALESFORCE_API_VERSION = "63.0";
