// The words the panel uses about a record's state, in one place: what the record is called, why a
// closed record has no score, why an open one has none yet, and why a score is out of date. Pure,
// so every phrase is tested without a database.

export interface Noun {
  one: string;
  many: string;
}

const NOUNS: Record<string, Noun> = {
  lead: { one: "lead", many: "leads" },
  contact: { one: "contact", many: "contacts" },
  account: { one: "account", many: "accounts" },
  company: { one: "company", many: "companies" },
  opportunity: { one: "opportunity", many: "opportunities" },
  deal: { one: "deal", many: "deals" },
};

export function nounFor(objectType: string): Noun {
  return NOUNS[objectType.toLowerCase()] ?? { one: "record", many: "records" };
}

export function crmName(provider: string): string {
  return provider === "HUBSPOT" ? "HubSpot" : "Salesforce";
}

/**
 * Why a closed record is not scored, completing "Not scored, because …". Candor scores open
 * records only: a score ranks where a rep's next step can still change the outcome.
 */
export function closedBecause(objectType: string, outcome: "WON" | "LOST", fields: Record<string, unknown>): string {
  const type = objectType.toLowerCase();
  const status = typeof fields.Status === "string" && fields.Status.trim() !== "" ? fields.Status.trim() : null;
  if (type === "lead") return outcome === "WON" ? "this lead was converted" : status ? `this lead was closed as “${status}”` : "this lead was closed without converting";
  if (type === "opportunity" || type === "deal") return outcome === "WON" ? `this ${type} was won` : `this ${type} was lost`;
  if (outcome === "WON") return `this ${nounFor(objectType).one} is already a customer`;
  if (type === "contact") return "this contact was marked unqualified";
  return `this ${nounFor(objectType).one} is closed`;
}

export const CLOSED_NOTE = "Candor scores open records only: a score says where a rep’s next step can still change the outcome.";

export type NotScoredCause = "no_model" | "external_model" | "queued" | "not_yet";

/** An open record Candor has a copy of but no score for: why, and what happens next. */
export function notScoredWords(cause: NotScoredCause, objectType: string, provider: string): { because: string; next: string } {
  const { one, many } = nounFor(objectType);
  switch (cause) {
    case "no_model":
      return {
        because: `no model scores ${many} yet`,
        next: `Someone with access to Candor’s models can train one; ${many} are scored as soon as one is active.`,
      };
    case "external_model":
      return {
        because: `scores for ${many} come from your company’s own model, and it has not sent one for this ${one} yet`,
        next: "The score appears here as soon as your model sends it.",
      };
    case "queued":
      return { because: `Candor is scoring this ${one} now`, next: "This panel shows the score as soon as it is ready." };
    case "not_yet":
      return {
        because: `Candor has not scored this ${one} since it arrived`,
        next: `The next change to it in ${crmName(provider)}, or the next full rescore, scores it.`,
      };
  }
}

/** A score older than this has time-based inputs (days since the last touch, age) that have moved. */
export const STALE_AFTER_DAYS = 7;
const DAY_MS = 86_400_000;

export interface Staleness {
  /** When the score was computed; the panel says how long ago. */
  computedAt: string;
  because: string[];
}

export function staleness(input: {
  computedAt: Date;
  now: Date;
  model: { version: string; active: boolean };
  activeVersion: string | null;
  objectType: string;
  provider: string;
}): Staleness | null {
  const because: string[] = [];
  const { one } = nounFor(input.objectType);
  if (!input.model.active) {
    because.push(
      input.activeVersion
        ? `Model ${input.model.version} made it, and ${input.activeVersion} has replaced that model since; the rescore that follows a change of model has not reached this ${one} yet.`
        : `Model ${input.model.version} made it, and that model is no longer active.`,
    );
  }
  if (input.now.getTime() - input.computedAt.getTime() > STALE_AFTER_DAYS * DAY_MS) {
    because.push(
      `Time-based factors (days since the last touch, the ${one}’s age) have moved since. Any change to the ${one} in ${crmName(input.provider)} rescores it.`,
    );
  }
  return because.length > 0 ? { computedAt: input.computedAt.toISOString(), because } : null;
}
