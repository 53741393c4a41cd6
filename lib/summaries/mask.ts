// PII masking, applied before anything leaves Candor and for roles whose PII access is "masked".
// Replacements are plain bracketed words, never markup, so masked text stays safe to display.
import type { GroundedSummary, SummaryFact } from "./types";

export type PersonalKind = "email" | "phone" | "name";

export interface MaskPolicy {
  maskEmails: boolean;
  maskPhones: boolean;
  maskNames: boolean;
  // What a masked value becomes; by default a bracketed word that reveals nothing (MASKED).
  replace?: (kind: PersonalKind, original: string) => string;
}

export const MASKED = { email: "[email hidden]", phone: "[phone hidden]", name: "[name hidden]" } as const;

/** Facts whose value is a person's name; their values become the names to mask everywhere. */
export const NAME_FACT_IDS: ReadonlySet<string> = new Set(["first_name", "last_name", "full_name"]);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A loose candidate; isPhone decides. Digits with separators, an optional +country code and
// optional (area) code.
const PHONE_CANDIDATE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d[\d\s.-]{5,}\d/g;

function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "").length;
  if (/^\d{4}-\d{2}-\d{2}$/.test(candidate)) return false;
  const hasSeparatorOrPrefix = /[+()\s.-]/.test(candidate);
  // Bare digit runs are usually amounts or ids; only long ones are treated as phone numbers.
  return hasSeparatorOrPrefix ? digits >= 7 : digits >= 10;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function maskText(text: string, policy: MaskPolicy, names: readonly string[]): string {
  const replace = policy.replace ?? ((kind: PersonalKind) => MASKED[kind]);
  let out = text;
  if (policy.maskEmails) out = out.replace(EMAIL, (m) => replace("email", m));
  if (policy.maskPhones) {
    out = out.replace(PHONE_CANDIDATE, (m) => (isPhone(m) ? replace("phone", m) : m));
  }
  if (policy.maskNames) {
    // Longest first, so "Amelia Schneider" goes as one before "Amelia" alone.
    const unique = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort((a, b) => b.length - a.length);
    for (const name of unique) {
      out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, "giu"), (m) => replace("name", m));
    }
    // A full name masked part by part reads "[name hidden] [name hidden]"; once is enough.
    if (!policy.replace) out = out.replace(new RegExp(`${escapeRegExp(MASKED.name)}(?:\\s+${escapeRegExp(MASKED.name)})+`, "g"), MASKED.name);
  }
  return out;
}

function namesFromFacts(facts: readonly SummaryFact[]): string[] {
  const names = facts.filter((f) => NAME_FACT_IDS.has(f.id)).map((f) => f.value);
  const first = facts.find((f) => f.id === "first_name")?.value;
  const last = facts.find((f) => f.id === "last_name")?.value;
  if (first && last) names.push(`${first} ${last}`);
  return names;
}

/**
 * Masks a string, or a list of facts. Names can only be recognised when they are known: pass them
 * in `names`; for facts, the values of name facts (first_name, last_name, full_name) are used too.
 */
export function maskPii(text: string, policy: MaskPolicy, opts?: { names?: readonly string[] }): string;
export function maskPii(facts: readonly SummaryFact[], policy: MaskPolicy, opts?: { names?: readonly string[] }): SummaryFact[];
export function maskPii(
  input: string | readonly SummaryFact[],
  policy: MaskPolicy,
  opts: { names?: readonly string[] } = {},
): string | SummaryFact[] {
  if (typeof input === "string") return maskText(input, policy, opts.names ?? []);
  const names = [...(opts.names ?? []), ...namesFromFacts(input)];
  return input.map((fact) => ({
    ...fact,
    value: policy.maskNames && NAME_FACT_IDS.has(fact.id) ? (policy.replace ?? ((k: PersonalKind) => MASKED[k]))("name", fact.value) : maskText(fact.value, policy, names),
  }));
}

/** Masks a whole summary consistently: names found in its facts are masked in every sentence. */
export function maskSummary(summary: GroundedSummary, policy: MaskPolicy, opts: { names?: readonly string[] } = {}): GroundedSummary {
  const names = [...(opts.names ?? []), ...namesFromFacts(summary.sentences.flatMap((s) => s.facts))];
  const sentences = summary.sentences.map((s) => ({
    text: maskText(s.text, policy, names),
    facts: maskPii(s.facts, policy, { names }),
  }));
  return { text: sentences.map((s) => s.text).join(" "), sentences };
}
