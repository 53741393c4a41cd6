// The hidden "truth" the demo tenant is drawn from. Nothing in lib/ may import this: the point of
// the demo is that a model has to recover this signal from the CRM fields and activities alone.
//
// Shape of the truth: every lead has a static fit (title seniority, company size, industry, source,
// email domain, phone) and a latent buying intent nobody observes. Intent drives how much and how
// late the lead engages (pricing visits, demo requests, meetings); the outcome depends on fit, on
// that engagement, and a little on intent directly. A Bernoulli draw on top keeps the signal
// real but imperfect.
import type { ActivityKind } from "@/lib/scoring/activity-kinds";
import type { Rng } from "./prng";
import type { DemoIndustry, Seniority } from "./words";

const DAY_MS = 86_400_000;

export type SourceClass = "referral" | "inbound" | "event" | "paid" | "outbound" | "list";

export interface LeadProfile {
  seniority: Seniority;
  employees: number;
  industry: DemoIndustry;
  source: SourceClass;
  personalEmail: boolean;
  hasPhone: boolean;
}

const SENIORITY_FIT: Record<Seniority, number> = {
  c_level: 0.35,
  vp: 0.6,
  director: 0.7,
  manager: 0.2,
  individual: -0.5,
  unknown: -0.6,
};

const INDUSTRY_FIT: Record<DemoIndustry, number> = {
  Technology: 0.5,
  Finance: 0.3,
  Media: 0.2,
  Telecommunications: 0.1,
  Retail: 0,
  Healthcare: 0,
  Manufacturing: -0.3,
  Education: -0.5,
  Government: -0.7,
};

const SOURCE_FIT: Record<SourceClass, number> = {
  referral: 0.8,
  inbound: 0.3,
  event: 0,
  paid: -0.1,
  outbound: -0.5,
  list: -0.9,
};

// Not monotone on purpose: tiny companies rarely buy, enterprises buy slowly through procurement.
function sizeFit(employees: number): number {
  if (employees < 20) return -0.9;
  if (employees < 100) return -0.2;
  if (employees < 2000) return 0.5;
  if (employees < 10000) return 0.3;
  return -0.1;
}

export function staticFit(p: LeadProfile): number {
  // An interaction a linear model cannot express: C-level titles at large companies are rarely
  // the real buyer of an inbound lead.
  const execAtEnterprise = p.seniority === "c_level" && p.employees >= 2000 ? -0.6 : 0;
  return (
    SENIORITY_FIT[p.seniority] +
    sizeFit(p.employees) +
    INDUSTRY_FIT[p.industry] +
    SOURCE_FIT[p.source] +
    execAtEnterprise +
    (p.personalEmail ? -0.6 : 0) +
    (p.hasPhone ? 0 : -0.2)
  );
}

export interface SimulatedTouch {
  kind: ActivityKind;
  at: Date;
  /** Fixed subject for scripted touches; random ones get a subject from the word lists. */
  subject?: string;
}

/**
 * Engaged leads touch more often and more of their touches come late (building towards a decision);
 * disengaged ones fade after the first weeks.
 */
export function simulateTouches(
  rng: Rng,
  opts: { engagement: number; start: Date; end: Date },
): SimulatedTouch[] {
  const { engagement: e, start, end } = opts;
  const windowDays = Math.max(0, (end.getTime() - start.getTime()) / DAY_MS);
  if (windowDays <= 0) return [];
  const perMonth = Math.min(12, Math.max(0.15, Math.exp(0.75 + 0.65 * e)));
  const count = Math.min(60, rng.poisson((perMonth * windowDays) / 30));
  const skew = 1 + 1.2 * Math.abs(e);
  const weights: Array<readonly [ActivityKind, number]> = [
    ["email_open", 30],
    ["web_visit", 22],
    ["call", 12 * Math.exp(0.2 * e)],
    ["email_reply", 7 * Math.exp(0.5 * e)],
    ["meeting", 4 * Math.exp(0.8 * e)],
    ["pricing_page_visit", 4 * Math.exp(0.9 * e)],
    ["webinar", 3 * Math.exp(0.3 * e)],
    ["demo_request", 1.2 * Math.exp(1.1 * e)],
  ];
  const touches: SimulatedTouch[] = [];
  let demoRequested = false;
  for (let i = 0; i < count; i += 1) {
    const u = rng.next();
    const frac = e >= 0 ? u ** (1 / skew) : u ** skew;
    let kind = rng.weighted(weights);
    // One web form submission per lead; repeat interest shows up as pricing page visits.
    if (kind === "demo_request") {
      if (demoRequested) kind = "pricing_page_visit";
      demoRequested = true;
    }
    touches.push({ kind, at: new Date(start.getTime() + frac * windowDays * DAY_MS) });
  }
  return touches.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Log-odds of converting, judged on what had happened shortly before the decision. */
export function conversionLogit(opts: {
  fit: number;
  intent: number;
  touches: SimulatedTouch[];
  decisionAt: Date;
}): number {
  const cutoff = opts.decisionAt.getTime() - 2 * DAY_MS;
  const seen = opts.touches.filter((t) => t.at.getTime() <= cutoff);
  const count = (kind: ActivityKind, withinDays = Infinity): number =>
    seen.filter((t) => t.kind === kind && cutoff - t.at.getTime() <= withinDays * DAY_MS).length;
  const last = seen[seen.length - 1];
  const staleDays = last ? (cutoff - last.at.getTime()) / DAY_MS : 90;
  return (
    -2.0 +
    1.2 * opts.fit +
    0.25 * opts.intent +
    0.9 * Math.log1p(count("meeting")) +
    1.1 * (count("demo_request") > 0 ? 1 : 0) +
    0.6 * Math.log1p(count("pricing_page_visit", 14)) +
    0.4 * Math.log1p(count("email_reply")) +
    0.2 * Math.log1p(count("webinar")) -
    0.7 * Math.min(2, Math.max(0, (staleDays - 7) / 30)) -
    (seen.length === 0 ? 0.6 : 0)
  );
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
