// Whether a record's data may be sent to a provider outside Candor. Opt-outs recorded in the CRM
// win: a person who opted out of email or of processing is summarized offline, inside Candor.
// Salesforce: standard Lead/Contact opt-outs and the Individual consent flags, plus Candor's own
// field; HubSpot: the email opt-out and Candor's own property.
export const EXTERNAL_PROCESSING_OPT_OUT_FIELDS = [
  "HasOptedOutOfEmail",
  "HasOptedOutProcessing",
  "HasOptedOutProfiling",
  "Candor_AI_Opt_Out__c",
  "hs_email_optout",
  "candor_ai_opt_out",
] as const;

function isSet(value: unknown): boolean {
  if (value === true || value === 1) return true;
  return typeof value === "string" && /^(true|1|yes)$/i.test(value.trim());
}

export function mayLeaveCandor(fields: Record<string, unknown>): boolean {
  return !EXTERNAL_PROCESSING_OPT_OUT_FIELDS.some((name) => isSet(fields[name]));
}
