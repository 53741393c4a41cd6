// The words behind each reason. The catalogue is data, so admins can reword it per tenant; zod
// guards it so an edited template can never render a stray "{" or markup into a rep's panel.
//
// Template language, deliberately tiny:
//   {value}             the feature's value (numbers as 1,200; `format: "compact"` gives 12.3M)
//   {label}             the value's display label (`labels`), for categoricals; same as {value} otherwise
//   {feature_name}      another feature's value from the same row
//   {name|one|many}     "one" when {name} is 1, else "many" (for "1 visit" / "4 visits")
//   [ ... ]             optional: dropped when a placeholder inside it has no value, e.g.
//                       "Title is {label}[ ({title})]" where {title} comes from the record's fields
import { z } from "zod";
import { FEATURE_NAMES, featureSpec, type FeatureRow } from "./features";

const PLACEHOLDER = /\{([a-z_][a-z0-9_]*)(?:\|([^|{}[\]]*)\|([^|{}[\]]*))?\}/g;
const ALWAYS_RESOLVED = new Set<string>(["value", "label", ...FEATURE_NAMES]);

/** Returns a problem with the template, or null if it is well formed. */
function templateProblem(template: string): string | null {
  if (/[<>]/.test(template)) return "templates are plain text; '<' and '>' are not allowed";
  let depth = 0;
  for (const ch of template) {
    if (ch === "[") depth += 1;
    if (ch === "]") depth -= 1;
    if (depth < 0 || depth > 1) return "optional segments [ ... ] must be balanced and not nested";
  }
  if (depth !== 0) return "optional segments [ ... ] must be balanced";
  const withoutPlaceholders = template.replace(PLACEHOLDER, "");
  if (/[{}|]/.test(withoutPlaceholders)) return "malformed placeholder; use {name} or {name|one|many}";
  const required = template.replace(/\[[^\]]*\]/g, "");
  for (const match of required.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? "";
    if (!ALWAYS_RESOLVED.has(name)) return `{${name}} may be empty; put it inside an optional [ ... ] segment`;
  }
  return null;
}

const Template = z
  .string()
  .min(1)
  .max(200)
  .superRefine((template, ctx) => {
    const problem = templateProblem(template);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const ReasonTemplateSchema = z
  .object({
    /** When the feature pushes the score up. */
    positive: Template,
    /** When it pulls the score down. */
    negative: Template,
    /** When the value is missing (null). */
    missing: Template.optional(),
    /** Exact wording for specific values, whatever the direction: "0" → "No meetings in the last 30 days". */
    byValue: z.record(z.string(), Template).optional(),
    /** Display labels for categorical values, used by {label}. */
    labels: z.record(z.string(), z.string().min(1).max(80).regex(/^[^<>{}[\]|]*$/)).optional(),
    format: z.enum(["number", "compact"]).optional(),
  })
  .strict();

export const ReasonCatalogueSchema = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), ReasonTemplateSchema);

export type ReasonTemplate = z.infer<typeof ReasonTemplateSchema>;
export type ReasonCatalogue = z.infer<typeof ReasonCatalogueSchema>;
export type ReasonDirection = "POSITIVE" | "NEGATIVE";

export interface RenderOptions {
  /** The feature {value} and {label} refer to. */
  feature?: string;
  labels?: Record<string, string>;
  format?: "number" | "compact";
  /** Raw record values for optional placeholders, e.g. { title: "VP Engineering" }. */
  context?: Record<string, string>;
}

function formatValue(value: number | string | null | undefined, format: RenderOptions["format"]): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return null;
  if (format === "compact") return new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(value);
  return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(1);
}

function humanise(level: string): string {
  return level.replace(/_/g, " ");
}

function resolve(name: string, row: FeatureRow, opts: RenderOptions): { text: string; raw: unknown } | null {
  if (name === "value" || name === "label") {
    const raw = opts.feature === undefined ? undefined : row[opts.feature];
    if (name === "label" && typeof raw === "string") return { text: opts.labels?.[raw] ?? humanise(raw), raw };
    const text = formatValue(raw, opts.format);
    return text === null ? null : { text, raw };
  }
  if (name in row) {
    const raw = row[name];
    const text = formatValue(raw, undefined);
    return { text: text === null ? "unknown" : typeof raw === "string" ? humanise(text) : text, raw };
  }
  const fromContext = opts.context?.[name];
  return fromContext === undefined || fromContext === "" ? null : { text: fromContext, raw: fromContext };
}

function renderPart(part: string, row: FeatureRow, opts: RenderOptions): string | null {
  let unresolved = false;
  const text = part.replace(PLACEHOLDER, (_match, name: string, one?: string, many?: string) => {
    const resolved = resolve(name, row, opts);
    if (!resolved) {
      unresolved = true;
      return "";
    }
    if (one !== undefined && many !== undefined) return resolved.raw === 1 ? one : many;
    return resolved.text;
  });
  return unresolved ? null : text;
}

/**
 * Renders one template against a feature row, e.g.
 * renderReason("Visited the pricing page {value} {value|time|times} in the last 7 days", row,
 * { feature: "pricing_page_visits_7d" }) → "Visited the pricing page 4 times in the last 7 days".
 * Never leaves a placeholder behind: unresolvable optional segments are dropped, and a required
 * placeholder with no value reads "unknown".
 */
export function renderReason(template: string, row: FeatureRow, opts: RenderOptions = {}): string {
  const out = template.replace(/\[([^\]]*)\]|([^[]+)/g, (_m, optional?: string, required?: string) => {
    if (optional !== undefined) return renderPart(optional, row, opts) ?? "";
    return renderPart(required ?? "", row, opts) ?? (required ?? "").replace(PLACEHOLDER, "unknown");
  });
  return out.replace(/\s+/g, " ").trim();
}

/** Picks the wording for a feature's value and direction, then renders it. */
export function describeFeature(
  feature: string,
  direction: ReasonDirection,
  row: FeatureRow,
  catalogue: ReasonCatalogue,
  context: Record<string, string> = {},
): string {
  const entry = catalogue[feature];
  const value = row[feature];
  const label = featureSpec(feature)?.label ?? humanise(feature);
  if (!entry) {
    const shown = formatValue(value, undefined);
    return `${label}: ${shown === null ? "unknown" : typeof value === "string" ? humanise(shown) : shown}`;
  }
  const opts: RenderOptions = { feature, context, ...(entry.labels ? { labels: entry.labels } : {}), ...(entry.format ? { format: entry.format } : {}) };
  if (value === null || value === undefined) return renderReason(entry.missing ?? `${label} unknown`, row, opts);
  const exact = entry.byValue?.[String(value)];
  if (exact !== undefined) return renderReason(exact, row, opts);
  return renderReason(direction === "POSITIVE" ? entry.positive : entry.negative, row, opts);
}

const counted = (verb: string, window: string, noun: [string, string]) => ({
  positive: `${verb ? `${verb} ` : ""}{value} {value|${noun[0]}|${noun[1]}} ${window}`,
  negative: `Only {value} {value|${noun[0]}|${noun[1]}} ${window}`,
});

export const DEFAULT_REASON_CATALOGUE: ReasonCatalogue = ReasonCatalogueSchema.parse({
  pricing_page_visits_7d: {
    positive: "Visited the pricing page {value} {value|time|times} in the last 7 days",
    negative: "Only {value} pricing page {value|visit|visits} in the last 7 days",
    byValue: { "0": "Has not visited the pricing page in the last 7 days" },
  },
  web_visits_30d: {
    ...counted("", "in the last 30 days", ["website visit", "website visits"]),
    byValue: { "0": "No website visits in the last 30 days" },
  },
  email_opens_30d: {
    ...counted("Opened", "in the last 30 days", ["email", "emails"]),
    negative: "Opened only {value} {value|email|emails} in the last 30 days",
    byValue: { "0": "Has not opened an email in the last 30 days" },
  },
  email_replies_30d: {
    positive: "Replied to {value} {value|email|emails} in the last 30 days",
    negative: "Only {value} email {value|reply|replies} in the last 30 days",
    byValue: { "0": "No email replies in the last 30 days" },
  },
  meetings_30d: {
    ...counted("", "in the last 30 days", ["meeting", "meetings"]),
    byValue: { "0": "No meetings in the last 30 days" },
  },
  calls_30d: {
    ...counted("", "in the last 30 days", ["call", "calls"]),
    byValue: { "0": "No calls in the last 30 days" },
  },
  webinars_90d: {
    ...counted("Attended", "in the last 90 days", ["webinar", "webinars"]),
    negative: "Attended only {value} {value|webinar|webinars} in the last 90 days",
    byValue: { "0": "No webinars in the last 90 days" },
  },
  touches_90d: {
    ...counted("", "in the last 90 days", ["touch", "touches"]),
    byValue: { "0": "No touches in the last 90 days" },
  },
  demo_requested: {
    positive: "Requested a demo",
    negative: "Has not requested a demo",
    byValue: { "0": "Has not requested a demo", "1": "Requested a demo" },
  },
  days_since_last_touch: {
    positive: "Last touch {value} {value|day|days} ago",
    negative: "No touch in {value} days",
    missing: "No recorded touches yet",
    byValue: { "0": "Touched today" },
  },
  lead_age_days: {
    positive: "Created {value} {value|day|days} ago",
    negative: "Open for {value} {value|day|days}",
    byValue: { "0": "Created today" },
  },
  employees: {
    positive: "Company size fits well ({value} employees)",
    negative: "Company size is a weaker fit ({value} employees)",
    missing: "Company size unknown",
  },
  annual_revenue: {
    positive: "Annual revenue of {value} fits well",
    negative: "Annual revenue of {value} is a weaker fit",
    missing: "Annual revenue unknown",
    format: "compact",
  },
  has_phone: {
    positive: "Phone number on file",
    negative: "No phone number on file",
    byValue: { "0": "No phone number on file", "1": "Phone number on file" },
  },
  free_email: {
    positive: "Uses a company email address",
    negative: "Uses a personal email address",
    missing: "No email address on file",
    byValue: { "0": "Uses a company email address", "1": "Uses a personal email address" },
  },
  title_seniority: {
    positive: "Title is {label}[ ({title})]",
    negative: "Title is {label}[ ({title})]",
    byValue: { unknown: "No job title on file" },
    labels: {
      c_level: "C-level",
      vp: "VP-level",
      director: "director-level",
      manager: "manager-level",
      individual: "individual contributor",
    },
  },
  industry: {
    positive: "Industry ({label}) converts well",
    negative: "Industry ({label}) converts less often",
    missing: "Industry unknown",
  },
  lead_source: {
    positive: "Came in through {label}, a strong source",
    negative: "Came in through {label}, a weaker source",
    missing: "Lead source unknown",
    labels: {
      web: "the website",
      webinar: "a webinar",
      referral: "a referral",
      event: "an event",
      paid: "paid ads",
      social: "social media",
      email: "email marketing",
      outbound: "outbound prospecting",
      purchased_list: "a purchased list",
      other: "another source",
    },
  },
});
