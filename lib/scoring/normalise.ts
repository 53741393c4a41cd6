// Provider-neutral vocabularies for the categorical features. Salesforce picklists and HubSpot
// enums name the same things differently; a model trained on one portal's spelling must score the
// other's records the same way.

export const SENIORITY_LEVELS = ["c_level", "vp", "director", "manager", "individual", "unknown"] as const;
export type SeniorityLevel = (typeof SENIORITY_LEVELS)[number];

// Order matters: "Vice President" must win over "President", "Head of" over a trailing "Lead".
const SENIORITY_RULES: ReadonlyArray<readonly [SeniorityLevel, RegExp]> = [
  ["vp", /\b(vp|svp|evp|avp|vice[\s-]+president)\b/i],
  ["c_level", /\b(chief|ceo|cto|cio|cfo|coo|cmo|cro|cdo|ciso|founder|co-founder|president|owner|managing director)\b/i],
  ["director", /\b(director|head of|head,)\b/i],
  ["manager", /\b(manager|lead|supervisor)\b/i],
];

export function titleSeniority(title: string | null): SeniorityLevel {
  const t = title?.trim() ?? "";
  if (t === "") return "unknown";
  for (const [level, pattern] of SENIORITY_RULES) if (pattern.test(t)) return level;
  return "individual";
}

export const INDUSTRY_GROUPS = [
  "software",
  "financial_services",
  "healthcare",
  "retail",
  "media",
  "manufacturing",
  "telecommunications",
  "education",
  "government",
  "other",
] as const;
export type IndustryGroup = (typeof INDUSTRY_GROUPS)[number];

const INDUSTRY_RULES: ReadonlyArray<readonly [IndustryGroup, RegExp]> = [
  ["software", /software|technology|internet|information|computer|it_services|saas|tech/i],
  ["financial_services", /financ|bank|insurance|capital|invest|accounting/i],
  ["healthcare", /health|hospital|medical|pharma|biotech/i],
  ["retail", /retail|consumer|e-?commerce|apparel|wholesale/i],
  ["media", /media|publish|broadcast|entertainment|marketing|advertis/i],
  ["manufacturing", /manufactur|machinery|industrial|automotive|electronics|chemical/i],
  ["telecommunications", /telecom|wireless/i],
  ["education", /educat|e_learning|e-learning|higher_ed|school|university/i],
  ["government", /government|public|military|defense|defence/i],
];

export function industryGroup(industry: string | null): IndustryGroup | null {
  const t = industry?.trim() ?? "";
  if (t === "") return null;
  for (const [group, pattern] of INDUSTRY_RULES) if (pattern.test(t)) return group;
  return "other";
}

export const SOURCE_GROUPS = [
  "web",
  "webinar",
  "referral",
  "event",
  "paid",
  "social",
  "email",
  "outbound",
  "purchased_list",
  "other",
] as const;
export type SourceGroup = (typeof SOURCE_GROUPS)[number];

const SOURCE_RULES: ReadonlyArray<readonly [SourceGroup, RegExp]> = [
  ["webinar", /webinar/i],
  ["referral", /referr|partner/i],
  ["event", /trade ?show|event|conference|offline/i],
  ["paid", /paid|advert|ppc|\bads?\b/i],
  ["social", /social/i],
  ["purchased_list", /purchased|\blist\b/i],
  ["outbound", /cold|outbound|prospect/i],
  ["email", /email/i],
  ["web", /web|organic|direct|search|seo|site/i],
];

export function sourceGroup(source: string | null): SourceGroup | null {
  const t = source?.trim() ?? "";
  if (t === "") return null;
  for (const [group, pattern] of SOURCE_RULES) if (pattern.test(t)) return group;
  return "other";
}

// Matched on the first label of the domain so regional variants (gmail.co.uk, yahoo.fr) count too.
const FREE_MAIL_PROVIDERS = new Set([
  "gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "msn", "icloud", "me", "aol",
  "gmx", "web", "proton", "protonmail", "mail", "yandex", "zoho",
]);

export function isFreeEmail(email: string | null): boolean | null {
  const at = email?.lastIndexOf("@") ?? -1;
  if (!email || at < 0) return null;
  const provider = email.slice(at + 1).toLowerCase().split(".")[0] ?? "";
  return FREE_MAIL_PROVIDERS.has(provider);
}
