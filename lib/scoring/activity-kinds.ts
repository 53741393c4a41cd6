// The activity vocabulary shared by the CRM adapters, the demo data and feature extraction.
export const ACTIVITY_KINDS = [
  "email_open",
  "email_reply",
  "call",
  "meeting",
  "web_visit",
  "pricing_page_visit",
  "demo_request",
  "webinar",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_KIND_LABELS: Record<ActivityKind, { one: string; many: string; withArticle: string }> = {
  email_open: { one: "email open", many: "email opens", withArticle: "an email open" },
  email_reply: { one: "email reply", many: "email replies", withArticle: "an email reply" },
  call: { one: "call", many: "calls", withArticle: "a call" },
  meeting: { one: "meeting", many: "meetings", withArticle: "a meeting" },
  web_visit: { one: "website visit", many: "website visits", withArticle: "a website visit" },
  pricing_page_visit: { one: "pricing page visit", many: "pricing page visits", withArticle: "a pricing page visit" },
  demo_request: { one: "demo request", many: "demo requests", withArticle: "a demo request" },
  webinar: { one: "webinar", many: "webinars", withArticle: "a webinar" },
};

export function isActivityKind(kind: string): kind is ActivityKind {
  return (ACTIVITY_KINDS as readonly string[]).includes(kind);
}
