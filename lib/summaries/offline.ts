// The built-in summarizer: no model, no network. It only restates what is in the record (fields and
// activities), two to four short sentences, each carrying the facts it rests on. Deterministic, so
// the same record always reads the same way, and plain text throughout.
import { ACTIVITY_KIND_LABELS, isActivityKind, type ActivityKind } from "@/lib/scoring/activity-kinds";
import { field } from "./facts";
import type { GroundedSummary, SummaryActivity, SummaryFact, SummaryInput, SummaryProvider, SummarySentence } from "./types";

const DAY_MS = 86_400_000;
const RECENT_DAYS = 30;
const QUIET_DAYS = 14;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Display form of a record value: single line, no markup characters, bounded length. */
function show(value: string, max = 80): string {
  const clean = value.replace(/[<>]/g, "").replace(/\s+/g, " ").trim();
  return clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
}

// HubSpot enums (COMPUTER_SOFTWARE, closedwon) read better in lower case with spaces.
function showEnum(value: string): string {
  return /^[A-Z0-9_]+$/.test(value) ? show(value.replace(/_/g, " ").toLowerCase()) : show(value);
}

const HUBSPOT_DEAL_STAGES: Record<string, string> = {
  appointmentscheduled: "appointment scheduled",
  qualifiedtobuy: "qualified to buy",
  presentationscheduled: "presentation scheduled",
  decisionmakerboughtin: "decision maker bought in",
  contractsent: "contract sent",
  closedwon: "closed won",
  closedlost: "closed lost",
};

function showStage(value: string): string {
  return HUBSPOT_DEAL_STAGES[value] ?? showEnum(value);
}

function showNumber(value: string): string {
  const n = Number(value.replace(/,/g, ""));
  return Number.isFinite(n) ? n.toLocaleString("en-US") : show(value);
}

function formatDate(d: Date): string {
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function activityFact(a: SummaryActivity, kind: ActivityKind): SummaryFact {
  const label = ACTIVITY_KIND_LABELS[kind].one;
  return { id: `activity:${a.id}`, label: `${label[0]?.toUpperCase()}${label.slice(1)} on ${formatDate(a.occurredAt)}`, value: a.subject, source: `activity:${a.id}` };
}

// Calendar days (UTC), as people count them: yesterday evening is "1 day ago", not 0.
function daysBetween(from: Date, to: Date): number {
  return Math.floor(to.getTime() / DAY_MS) - Math.floor(from.getTime() / DAY_MS);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function listing(parts: string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** Ends the text with exactly one full stop ("… at Acme Inc." not "… at Acme Inc.."). */
function sentence(text: string, facts: Array<SummaryFact | null>): SummarySentence {
  const body = text.replace(/\.+$/, "");
  return { text: `${body}.`, facts: facts.filter((f): f is SummaryFact => f !== null) };
}

function identitySentence(input: SummaryInput): SummarySentence | null {
  const first = field(input, "first_name");
  const last = field(input, "last_name");
  const title = field(input, "title");
  const company = field(input, "company");
  const person = [first, last].filter((f): f is SummaryFact => f !== null);
  if (person.length > 0) {
    const who = show(person.map((f) => f.value).join(" "));
    if (title && company) return sentence(`${who} is ${show(title.value)} at ${show(company.value)}.`, [...person, title, company]);
    if (company) return sentence(`${who} works at ${show(company.value)}.`, [...person, company]);
    if (title) return sentence(`${who} is ${show(title.value)}.`, [...person, title]);
    return sentence(`The contact is ${who}.`, person);
  }
  const name = field(input, "record_name");
  const amount = field(input, "amount");
  const stage = field(input, "stage");
  if (name && (amount || stage)) {
    const close = field(input, "close_date");
    const closeDate = close ? new Date(close.value) : null;
    const parts = [
      `${show(name.value)} is a deal`,
      amount ? ` worth ${showNumber(amount.value)}` : "",
      stage ? ` at stage ${showStage(stage.value)}` : "",
      closeDate && !Number.isNaN(closeDate.getTime()) ? `, closing ${formatDate(closeDate)}` : "",
    ];
    return sentence(`${parts.join("")}`, [name, amount, stage, closeDate && !Number.isNaN(closeDate.getTime()) ? close : null]);
  }
  return null;
}

function firmographicSentence(input: SummaryInput): SummarySentence | null {
  const company = field(input, "company") ?? field(input, "record_name");
  const industry = field(input, "industry");
  const employees = field(input, "employees");
  const country = field(input, "country");
  if (!company || (!industry && !employees && !country)) return null;
  // Deals name the deal, not the company; their company facts come from the associated company.
  if (company.id === "record_name" && (field(input, "amount") || field(input, "stage"))) return null;
  const details = [
    industry ? `is in ${showEnum(industry.value)}` : null,
    employees ? `has about ${showNumber(employees.value)} employees` : null,
    country ? `is based in ${show(country.value)}` : null,
  ].filter((d): d is string => d !== null);
  return sentence(`${show(company.value)} ${listing(details)}.`, [company, industry, employees, country]);
}

function engagementSentences(input: SummaryInput): SummarySentence[] {
  const asOf = input.asOf.getTime();
  const known = input.activities
    .filter((a): a is SummaryActivity & { kind: ActivityKind } => isActivityKind(a.kind))
    .slice()
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.id.localeCompare(b.id));
  const past = known.filter((a) => a.occurredAt.getTime() <= asOf);
  const upcoming = known.filter((a) => a.occurredAt.getTime() > asOf);
  const out: SummarySentence[] = [];

  const last = past[past.length - 1];
  if (!last) {
    out.push(sentence("No recorded activity yet.", [{ id: "activity_count", label: "Recorded activities", value: "0", source: "activities" }]));
  } else {
    const recent = past.filter((a) => asOf - a.occurredAt.getTime() <= RECENT_DAYS * DAY_MS);
    const lastWhat = `${ACTIVITY_KIND_LABELS[last.kind].withArticle} on ${formatDate(last.occurredAt)} ("${show(last.subject, 60)}")`;
    if (recent.length > 0) {
      const byKind = new Map<ActivityKind, number>();
      for (const a of recent) byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + 1);
      const counts = [...byKind.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([kind, n]) => plural(n, ACTIVITY_KIND_LABELS[kind].one, ACTIVITY_KIND_LABELS[kind].many));
      out.push(sentence(`In the last ${RECENT_DAYS} days: ${listing(counts)}; the latest ${lastWhat}.`, recent.map((a) => activityFact(a, a.kind))));
    } else {
      out.push(sentence(`No activity in the last ${RECENT_DAYS} days; the last was ${lastWhat}, ${plural(daysBetween(last.occurredAt, input.asOf), "day", "days")} ago.`, [activityFact(last, last.kind)]));
    }
  }

  const next = upcoming[0];
  const demo = [...past].reverse().find((a) => a.kind === "demo_request" && asOf - a.occurredAt.getTime() <= RECENT_DAYS * DAY_MS);
  const meetingAfterDemo = demo && past.some((a) => a.kind === "meeting" && a.occurredAt.getTime() > demo.occurredAt.getTime());
  if (next) {
    out.push(sentence(`Next: ${ACTIVITY_KIND_LABELS[next.kind].withArticle} on ${formatDate(next.occurredAt)} ("${show(next.subject, 60)}").`, [activityFact(next, next.kind)]));
  } else if (demo && !meetingAfterDemo) {
    out.push(sentence(`Requested a demo on ${formatDate(demo.occurredAt)}; no meeting has followed yet.`, [activityFact(demo, demo.kind)]));
  } else if (last && asOf - last.occurredAt.getTime() > QUIET_DAYS * DAY_MS && asOf - last.occurredAt.getTime() <= RECENT_DAYS * DAY_MS) {
    out.push(sentence(`No touch in the last ${plural(daysBetween(last.occurredAt, input.asOf), "day", "days")}.`, [activityFact(last, last.kind)]));
  }
  return out;
}

function statusSentence(input: SummaryInput): SummarySentence | null {
  const status = field(input, "status");
  return status ? sentence(`Status: ${showEnum(status.value)}.`, [status]) : null;
}

export function summarizeOffline(input: SummaryInput): GroundedSummary {
  const identity = identitySentence(input);
  const firmographic = firmographicSentence(input);
  const engagement = engagementSentences(input);
  const status = statusSentence(input);
  // Priority when trimming to four: who, what is happening, what comes next, the company, the status.
  const ordered = [identity, firmographic, ...engagement, status].filter((s): s is SummarySentence => s !== null);
  const keep = new Set<SummarySentence>([identity, ...engagement].filter((s): s is SummarySentence => s !== null).slice(0, 4));
  for (const s of [firmographic, status]) if (s && keep.size < 4) keep.add(s);
  const sentences = ordered.filter((s) => keep.has(s));
  return { text: sentences.map((s) => s.text).join(" "), sentences };
}

export const offlineSummaryProvider: SummaryProvider = {
  name: "offline",
  summarize: async (input) => summarizeOffline(input),
};
