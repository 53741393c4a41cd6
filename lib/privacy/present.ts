import type { PiiMode } from "@/lib/authz/capabilities";
import { maskPii, maskSummary, NAME_FACT_IDS, type MaskPolicy, type PersonalKind } from "@/lib/summaries/mask";
import type { GroundedSummary, SummaryFact } from "@/lib/summaries/types";

// The one serializer for personal data (names, emails and phone numbers of people in the CRM).
// Everything that answers with personal data — the panel, summaries and their cited facts, reason
// texts, the HubSpot card, exports, the audit viewer — passes it through here with the caller's
// PII mode:
//   full    shown as stored;
//   masked  visibly masked but recognisable: initials, the first letter and domain of an email,
//           the last three digits of a phone ("A. L.", "a•••@acme.example", "••• ••• 123");
//   hidden  replaced by a bracketed word that reveals nothing ("[name hidden]").

const DOT = "\u2022";

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${[...part][0]!.toUpperCase()}.`)
    .join(" ");
}

export function maskValue(kind: PersonalKind, value: string): string {
  switch (kind) {
    case "name":
      return initials(value) || DOT.repeat(3);
    case "email": {
      const at = value.lastIndexOf("@");
      return at > 0 ? `${[...value][0]}${DOT.repeat(3)}${value.slice(at)}` : DOT.repeat(3);
    }
    case "phone": {
      const digits = value.replace(/\D/g, "");
      return `${DOT.repeat(3)} ${DOT.repeat(3)} ${digits.slice(-3)}`;
    }
  }
}

const HIDDEN: Record<PersonalKind, string> = { email: "[email hidden]", phone: "[phone hidden]", name: "[name hidden]" };

function policyFor(mode: Exclude<PiiMode, "full">): MaskPolicy {
  return {
    maskEmails: true, maskPhones: true, maskNames: true,
    replace: mode === "masked" ? maskValue : (kind) => HIDDEN[kind],
  };
}

export function presentValue(mode: PiiMode, kind: PersonalKind, value: string): string {
  if (mode === "full") return value;
  return mode === "masked" ? maskValue(kind, value) : HIDDEN[kind];
}

// Free text that may mention the record's person: known names are replaced wherever they stand,
// emails and phone numbers wherever they are recognised.
export function presentText(mode: PiiMode, text: string, names: readonly string[] = []): string {
  if (mode === "full") return text;
  return maskPii(text, policyFor(mode), { names });
}

export function presentFacts(mode: PiiMode, facts: readonly SummaryFact[], names: readonly string[] = []): SummaryFact[] {
  if (mode === "full") return [...facts];
  return maskPii(facts, policyFor(mode), { names });
}

export function presentSummary(mode: PiiMode, summary: GroundedSummary, names: readonly string[] = []): GroundedSummary {
  if (mode === "full") return summary;
  return maskSummary(summary, policyFor(mode), { names });
}

// Leads and contacts are people; accounts, companies and deals are named after businesses.
const PERSON_OBJECTS = new Set(["lead", "contact", "contacts"]);
export const isPersonRecord = (objectType: string) => PERSON_OBJECTS.has(objectType.toLowerCase());

export function presentRecordName(mode: PiiMode, objectType: string, name: string): string {
  return isPersonRecord(objectType) ? presentValue(mode, "name", name) : name;
}

// The names a record's free texts may contain: its own name when it is a person, and the name
// facts of its summary.
export function personalNames(objectType: string, recordName: string, facts: readonly SummaryFact[] = []): string[] {
  const names = facts.filter((f) => NAME_FACT_IDS.has(f.id)).map((f) => f.value);
  if (isPersonRecord(objectType)) names.push(recordName, ...recordName.split(/\s+/).filter((p) => p.length >= 2));
  return names;
}

export function privacyNote(mode: PiiMode, roleName: string): string | null {
  if (mode === "full") return null;
  return mode === "masked"
    ? `Personal details are masked for your role (${roleName}).`
    : `Personal details are hidden for your role (${roleName}).`;
}
