// Shared wording for the operations page.
const UTC_TIME = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const UTC_DATE_TIME = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export const minuteLabel = (iso: string) => UTC_TIME.format(new Date(iso));
export const when = (iso: string | null) => (iso ? `${UTC_DATE_TIME.format(new Date(iso))} UTC` : "—");

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export const BREAKER_LABELS: Record<string, string> = { closed: "Closed", half_open: "Probing", open: "Open" };
export const PROVIDER_LABELS: Record<string, string> = { SALESFORCE: "Salesforce", HUBSPOT: "HubSpot" };
