// A demo tenant ("Acme Cloud", and "Globex Analytics" beside it so that cross-tenant isolation
// is there to see): users, Salesforce leads and a HubSpot portal slice, generated from a seed so
// every run, machine and test sees the same data. See ground-truth.ts for how outcomes are drawn.
import { toActivities } from "./activities";
import { generateCompanies, type DemoCompanyProfile } from "./companies";
import { conversionLogit, sigmoid, simulateTouches, staticFit, type LeadProfile, type SourceClass } from "./ground-truth";
import { generateHubSpotSlice } from "./hubspot";
import { salesforceId } from "./ids";
import { createRng, type Rng } from "./prng";
import type { DemoLead, DemoTenant, DemoTenantProfile, DemoUser } from "./types";
import { DEMO_TEAMS, WORKDAY_START_UTC, SENIORITY_WEIGHTS, emailLocal, generateUsers, phoneFor, repsIn, titleFor } from "./people";
import { FIRST_NAMES, FREE_EMAIL_DOMAINS, LAST_NAMES, REGIONS, SALESFORCE_LEAD_SOURCES, type SalesforceLeadSource } from "./words";

export { DEMO_TEAMS } from "./people";
export type {
  DemoActivity,
  DemoHubSpotObject,
  DemoHubSpotObjectType,
  DemoLead,
  DemoLeadFields,
  DemoOutcome,
  DemoRole,
  DemoTenant,
  DemoTenantProfile,
  DemoUser,
} from "./types";

export const ACME_CLOUD: DemoTenantProfile = {
  name: "Acme Cloud", slug: "acme-cloud", emailDomain: "acme.example", salesforcePod: "Hs", orgSequence: 777_001,
  instanceUrl: "https://acme-cloud.my.salesforce.com", portalId: "48201937", leadCount: 480,
};

// The second demo tenant: its own org, portal, people and leads; smaller, so the demo starts fast.
export const GLOBEX_ANALYTICS: DemoTenantProfile = {
  name: "Globex Analytics", slug: "globex-analytics", emailDomain: "globex.example", salesforcePod: "Gx", orgSequence: 613_004,
  instanceUrl: "https://globex-analytics.my.salesforce.com", portalId: "39115822", leadCount: 200,
};

const DAY_MS = 86_400_000;
/** How far back the oldest lead goes (about 18 months). */
const HISTORY_DAYS = 540;

const SOURCE_CLASS: Record<SalesforceLeadSource, SourceClass> = {
  Web: "inbound",
  Webinar: "inbound",
  "Partner Referral": "referral",
  "Employee Referral": "referral",
  "Trade Show": "event",
  "Purchased List": "list",
  "Cold Call": "outbound",
  Advertisement: "paid",
};

const SOURCE_WEIGHTS: ReadonlyArray<readonly [SalesforceLeadSource, number]> = SALESFORCE_LEAD_SOURCES.map(
  (source) => {
    const weights: Record<SalesforceLeadSource, number> = {
      Web: 30,
      "Cold Call": 15,
      "Purchased List": 12,
      Webinar: 10,
      "Trade Show": 10,
      Advertisement: 10,
      "Partner Referral": 8,
      "Employee Referral": 5,
    };
    return [source, weights[source]] as const;
  },
);

interface LeadContext {
  asOf: Date;
  users: DemoUser[];
  companies: DemoCompanyProfile[];
  nextActivityId: () => string;
}

function generateLead(rng: Rng, index: number, ctx: LeadContext): Omit<DemoLead, "externalId"> {
  const company = rng.pick(ctx.companies);
  const first = rng.pick(FIRST_NAMES[company.region]);
  const last = rng.pick(LAST_NAMES[company.region]);
  const seniority = rng.weighted(SENIORITY_WEIGHTS);
  const source = rng.weighted(SOURCE_WEIGHTS);
  const personalEmail = rng.bool(source === "Web" || source === "Webinar" ? 0.2 : 0.06);
  const hasPhone = source === "Cold Call" || rng.bool(0.7);
  const profile: LeadProfile = {
    seniority,
    employees: company.employees,
    industry: company.industry,
    source: SOURCE_CLASS[source],
    personalEmail,
    hasPhone,
  };
  const fit = staticFit(profile);
  const intent = rng.normal();
  const engagement = 0.8 * intent + 0.4 * (fit - 0.3) + 0.3 * rng.normal();

  // More leads recently (a growing company), and decisions take weeks to months.
  const ageDays = HISTORY_DAYS * rng.next() ** 2;
  const createdAt = new Date(Math.floor((ctx.asOf.getTime() - ageDays * DAY_MS) / 60_000) * 60_000);
  const decisionDays = Math.min(270, 21 + 65 * -Math.log(1 - rng.next()));
  const decisionAt = new Date(createdAt.getTime() + decisionDays * DAY_MS);
  const closed = decisionAt.getTime() <= ctx.asOf.getTime() - DAY_MS;
  const touchesEnd = closed ? decisionAt : ctx.asOf;

  const touches = simulateTouches(rng, { engagement, start: createdAt, end: touchesEnd });
  if (source === "Webinar") touches.unshift({ kind: "webinar", at: createdAt });
  if (source === "Web") touches.unshift({ kind: "web_visit", at: createdAt });

  let outcome: DemoLead["outcome"] = "OPEN";
  if (closed) {
    const won = rng.bool(sigmoid(conversionLogit({ fit, intent, touches, decisionAt })));
    outcome = won ? "WON" : "LOST";
    // Deals close in a meeting; it falls inside the training gap, so it cannot leak into features.
    if (won) touches.push({ kind: "meeting", at: new Date(decisionAt.getTime() - DAY_MS), subject: "Contract review" });
  }
  touches.sort((a, b) => a.at.getTime() - b.at.getTime());
  const activities = toActivities(rng, touches, ctx.nextActivityId, {
    workdayStartUtcHour: WORKDAY_START_UTC[company.region],
    notBefore: createdAt,
    notAfter: touchesEnd,
  });

  const owner = rng.pick(repsIn(ctx.users, company.region));
  const status =
    outcome === "WON"
      ? "Closed - Converted"
      : outcome === "LOST"
        ? "Closed - Not Converted"
        : activities.length === 0
          ? "Open - Not Contacted"
          : "Working - Contacted";
  const lastActivity = activities[activities.length - 1]?.occurredAt;
  const updatedAt = new Date(
    Math.max(createdAt.getTime(), lastActivity?.getTime() ?? 0, closed ? decisionAt.getTime() : 0),
  );
  return {
    fields: {
      FirstName: first,
      LastName: last,
      Company: company.name,
      Title: titleFor(rng, seniority),
      Email: personalEmail
        ? `${emailLocal(first, last)}${rng.int(1, 99)}@${rng.pick(FREE_EMAIL_DOMAINS)}`
        : `${emailLocal(first, last)}@${company.domain}`,
      Phone: hasPhone ? phoneFor(company.country, index * 37 + 11) : null,
      // Self-reported firmographics are often blank on leads; the truth above still uses them.
      Industry: rng.bool(0.92) ? company.industry : null,
      LeadSource: rng.bool(0.96) ? source : null,
      NumberOfEmployees: rng.bool(0.88) ? company.employees : null,
      AnnualRevenue: rng.bool(0.75) ? company.annualRevenue : null,
      Country: company.country,
      Status: status,
      IsConverted: outcome === "WON",
      OwnerId: owner.salesforceUserId,
    },
    ownerExternalId: owner.salesforceUserId,
    region: company.region,
    team: owner.team ?? "",
    createdAt,
    updatedAt,
    outcome,
    closedAt: closed ? new Date(Math.floor(decisionAt.getTime() / 60_000) * 60_000) : null,
    activities,
  };
}

export function generateDemoTenant(opts: { seed: number; asOf: Date; leadCount?: number; profile?: DemoTenantProfile }): DemoTenant {
  const profile = opts.profile ?? ACME_CLOUD;
  const pod = profile.salesforcePod;
  const leadCount = opts.leadCount ?? profile.leadCount;
  const root = createRng(opts.seed);
  const users = generateUsers(root.fork("users"), { pod, emailDomain: profile.emailDomain });
  // Capped so large demo sets reuse accounts instead of exhausting the name lists.
  const companies = generateCompanies(root.fork("companies"), Math.min(600, Math.max(10, Math.ceil(leadCount * 0.6))), {
    EMEA: 45,
    NA: 55,
  });
  let activitySeq = 0;
  const ctx: LeadContext = {
    asOf: opts.asOf,
    users,
    companies,
    nextActivityId: () => salesforceId("00T", pod, 9_000_000 + (activitySeq += 1) * 31),
  };
  const leadRng = root.fork("leads");
  // Salesforce ids grow with creation time, so they are assigned after sorting.
  const leads: DemoLead[] = Array.from({ length: leadCount }, (_, i) => generateLead(leadRng, i, ctx))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((lead, i) => ({ externalId: salesforceId("00Q", pod, 2_500_000 + i * 7_919), ...lead }));
  return {
    name: profile.name,
    slug: profile.slug,
    seed: opts.seed,
    asOf: opts.asOf,
    regions: [...REGIONS],
    teams: DEMO_TEAMS.map((t) => ({ ...t })),
    users,
    salesforce: {
      orgId: salesforceId("00D", pod, profile.orgSequence),
      instanceUrl: profile.instanceUrl,
      leads,
    },
    hubspot: generateHubSpotSlice(root.fork("hubspot"), { asOf: opts.asOf, users, portalId: profile.portalId }),
  };
}
