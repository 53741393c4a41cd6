// A summary is a handful of sentences, each carrying the facts it rests on, so the panel can show
// where every statement came from and a reviewer can check that nothing was invented.

export interface SummaryFact {
  /** Stable within one summary, e.g. "title" or "activity:00THs0000002dKtIAI". */
  id: string;
  label: string;
  /** The value exactly as it appears in the record. */
  value: string;
  /** Where it came from: "field:<name>", "activity:<id>", or "activities" for a count of them. */
  source: string;
}

export interface SummarySentence {
  text: string;
  facts: SummaryFact[];
}

export interface GroundedSummary {
  /** The sentences joined with spaces; plain text, no markup. */
  text: string;
  sentences: SummarySentence[];
}

export interface SummaryActivity {
  id: string;
  kind: string;
  subject: string;
  occurredAt: Date;
}

export interface SummaryInput {
  /** lead, contact, account/company, opportunity/deal. */
  objectType: string;
  /** CRM field values by API name (Salesforce) or internal property name (HubSpot). */
  fields: Record<string, unknown>;
  activities: readonly SummaryActivity[];
  /** The moment the summary describes: "recent" and "days ago" are measured from here. */
  asOf: Date;
}

export interface SummaryProvider {
  name: string;
  summarize(input: SummaryInput): Promise<GroundedSummary>;
}
