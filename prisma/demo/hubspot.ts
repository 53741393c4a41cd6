// The HubSpot half of the demo: a smaller portal with companies, contacts and deals, drawn from the
// same kind of hidden truth as the Salesforce leads (see ground-truth.ts).
import { toActivities } from "./activities";
import { generateCompanies, type DemoCompanyProfile } from "./companies";
import { conversionLogit, sigmoid, simulateTouches, staticFit, type SourceClass } from "./ground-truth";
import type { Rng } from "./prng";
import type { DemoHubSpotObject, DemoOutcome, DemoTenant, DemoUser } from "./types";
import { SENIORITY_WEIGHTS, WORKDAY_START_UTC, emailLocal, phoneFor, repsIn, titleFor } from "./people";
import { FIRST_NAMES, FREE_EMAIL_DOMAINS, HUBSPOT_INDUSTRY, HUBSPOT_SOURCES, LAST_NAMES } from "./words";

const DAY_MS = 86_400_000;
const COMPANY_COUNT = 25;
const CONTACT_COUNT = 60;
const DEAL_COUNT = 30;

const HUBSPOT_SOURCE_CLASS: Record<(typeof HUBSPOT_SOURCES)[number], SourceClass> = {
  ORGANIC_SEARCH: "inbound",
  DIRECT_TRAFFIC: "inbound",
  REFERRALS: "referral",
  PAID_SEARCH: "paid",
  SOCIAL_MEDIA: "paid",
  EMAIL_MARKETING: "outbound",
  OFFLINE: "event",
  OTHER_CAMPAIGNS: "list",
};

const DEAL_THEMES = ["Platform migration", "Production cluster", "Analytics workload", "Multi-region expansion", "Pilot"];
const OPEN_DEAL_STAGES = [
  "appointmentscheduled",
  "qualifiedtobuy",
  "presentationscheduled",
  "decisionmakerboughtin",
  "contractsent",
] as const;

interface Account {
  profile: DemoCompanyProfile;
  object: DemoHubSpotObject;
  intent: number;
  owner: DemoUser;
}

function iso(d: Date): string {
  return d.toISOString();
}

function minute(ms: number): Date {
  return new Date(Math.floor(ms / 60_000) * 60_000);
}

function emptyAssociations(): DemoHubSpotObject["associations"] {
  return { contacts: [], companies: [], deals: [] };
}

export function generateHubSpotSlice(
  rng: Rng,
  opts: { asOf: Date; users: DemoUser[]; portalId: string },
): DemoTenant["hubspot"] {
  const asOf = opts.asOf.getTime();
  let engagementSeq = 0;
  const nextEngagementId = (): string => String(40_113_000_000 + (engagementSeq += 1) * 13);

  const accounts: Account[] = generateCompanies(rng.fork("companies"), COMPANY_COUNT, { EMEA: 40, NA: 60 }).map(
    (profile, i) => {
      const owner = rng.pick(repsIn(opts.users, profile.region));
      const createdAt = minute(asOf - rng.int(120, 520) * DAY_MS);
      const intent = rng.normal();
      const visits = simulateTouches(rng, { engagement: intent, start: createdAt, end: opts.asOf }).filter(
        (t) => t.kind === "web_visit" || t.kind === "pricing_page_visit",
      );
      const object: DemoHubSpotObject = {
        objectType: "company",
        id: String(18_512_000_000 + i * 1_117),
        properties: {
          name: profile.name,
          domain: profile.domain,
          industry: HUBSPOT_INDUSTRY[profile.industry],
          numberofemployees: String(profile.employees),
          annualrevenue: String(profile.annualRevenue),
          country: profile.country,
          hubspot_owner_id: owner.hubspotOwnerId ?? "",
          createdate: iso(createdAt),
          lifecyclestage: "lead",
        },
        associations: emptyAssociations(),
        ownerExternalId: owner.hubspotOwnerId ?? "",
        region: profile.region,
        team: owner.team ?? "",
        createdAt,
        updatedAt: createdAt,
        outcome: "OPEN",
        closedAt: null,
        activities: toActivities(rng, visits, nextEngagementId, {
          workdayStartUtcHour: WORKDAY_START_UTC[profile.region],
          notBefore: createdAt,
          notAfter: opts.asOf,
        }),
      };
      return { profile, object, intent, owner };
    },
  );

  const contactFits = new Map<string, number>();
  const contacts: DemoHubSpotObject[] = [];
  for (let i = 0; i < CONTACT_COUNT; i += 1) {
    // Every company gets one contact first, so no company is left empty.
    const account = i < accounts.length ? (accounts[i] as Account) : rng.pick(accounts);
    const { profile } = account;
    const first = rng.pick(FIRST_NAMES[profile.region]);
    const last = rng.pick(LAST_NAMES[profile.region]);
    const seniority = rng.weighted(SENIORITY_WEIGHTS);
    const source = rng.pick(HUBSPOT_SOURCES);
    const personalEmail = rng.bool(0.08);
    const hasPhone = rng.bool(0.65);
    const fit = staticFit({
      seniority,
      employees: profile.employees,
      industry: profile.industry,
      source: HUBSPOT_SOURCE_CLASS[source],
      personalEmail,
      hasPhone,
    });
    const intent = 0.7 * account.intent + 0.7 * rng.normal();
    const createdAt = minute(Math.max(account.object.createdAt.getTime(), asOf - rng.int(10, 300) * DAY_MS));
    const decisionAt = new Date(createdAt.getTime() + Math.min(240, 14 + 55 * -Math.log(1 - rng.next())) * DAY_MS);
    const closed = decisionAt.getTime() <= asOf - DAY_MS;
    const touches = simulateTouches(rng, {
      engagement: 0.8 * intent + 0.4 * (fit - 0.3),
      start: createdAt,
      end: closed ? decisionAt : opts.asOf,
    });
    const outcome: DemoOutcome = closed
      ? rng.bool(sigmoid(0.6 + conversionLogit({ fit, intent, touches, decisionAt })))
        ? "WON"
        : "LOST"
      : "OPEN";
    const id = String(1_051 + i * 53);
    const local = emailLocal(first, last);
    const engaged = touches.length >= 4;
    const lifecyclestage =
      outcome === "WON" ? "customer" : outcome === "LOST" ? "other" : engaged ? "salesqualifiedlead" : "lead";
    const hsLeadStatus =
      outcome === "WON" ? "CONNECTED" : outcome === "LOST" ? "UNQUALIFIED" : touches.length === 0 ? "NEW" : engaged ? "IN_PROGRESS" : "ATTEMPTED_TO_CONTACT";
    const title = titleFor(rng, seniority);
    const activities = toActivities(rng, touches, nextEngagementId, {
      workdayStartUtcHour: WORKDAY_START_UTC[profile.region],
      notBefore: createdAt,
      notAfter: closed ? decisionAt : opts.asOf,
    });
    contacts.push({
      objectType: "contact",
      id,
      properties: {
        firstname: first,
        lastname: last,
        email: personalEmail ? `${local}@${rng.pick(FREE_EMAIL_DOMAINS)}` : `${local}@${profile.domain}`,
        jobtitle: title ?? "",
        company: profile.name,
        phone: hasPhone ? phoneFor(profile.country, i * 41 + 7) : "",
        lifecyclestage,
        hs_lead_status: hsLeadStatus,
        hs_analytics_source: source,
        hubspot_owner_id: account.owner.hubspotOwnerId ?? "",
        createdate: iso(createdAt),
      },
      associations: { contacts: [], companies: [account.object.id], deals: [] },
      ownerExternalId: account.owner.hubspotOwnerId ?? "",
      region: profile.region,
      team: account.owner.team ?? "",
      createdAt,
      updatedAt: activities[activities.length - 1]?.occurredAt ?? createdAt,
      outcome,
      closedAt: closed ? minute(decisionAt.getTime()) : null,
      activities,
    });
    contactFits.set(id, fit);
    account.object.associations.contacts.push(id);
  }

  const deals: DemoHubSpotObject[] = [];
  for (let i = 0; i < DEAL_COUNT; i += 1) {
    const account = i < 20 ? (accounts[i] as Account) : rng.pick(accounts.slice(0, 20));
    const { profile } = account;
    const dealContacts = account.object.associations.contacts.slice(0, rng.int(1, 2));
    const bestFit = Math.max(...dealContacts.map((c) => contactFits.get(c) ?? 0));
    const createdAt = minute(Math.max(account.object.createdAt.getTime() + 14 * DAY_MS, asOf - rng.int(15, 400) * DAY_MS));
    const decisionAt = new Date(createdAt.getTime() + Math.min(200, 21 + 45 * -Math.log(1 - rng.next())) * DAY_MS);
    const closed = decisionAt.getTime() <= asOf - DAY_MS;
    const intent = 0.8 * account.intent + 0.6 * rng.normal();
    const touches = simulateTouches(rng, {
      engagement: 0.3 + 0.8 * intent + 0.3 * bestFit,
      start: createdAt,
      end: closed ? decisionAt : opts.asOf,
    });
    // Deals are further down the funnel than leads, so they convert more often.
    const won = closed && rng.bool(sigmoid(0.9 + conversionLogit({ fit: bestFit, intent, touches, decisionAt })));
    const outcome: DemoOutcome = closed ? (won ? "WON" : "LOST") : "OPEN";
    const amount = Math.round((8_000 + Math.sqrt(profile.employees) * 1_800 * Math.exp(0.3 * rng.normal())) / 500) * 500;
    const dealstage = outcome === "WON" ? "closedwon" : outcome === "LOST" ? "closedlost" : rng.pick(OPEN_DEAL_STAGES);
    const expectedClose = closed ? decisionAt : new Date(Math.max(decisionAt.getTime(), asOf + 7 * DAY_MS));
    const id = String(9_871_200_000 + i * 2_111);
    const activities = toActivities(rng, touches, nextEngagementId, {
      workdayStartUtcHour: WORKDAY_START_UTC[profile.region],
      notBefore: createdAt,
      notAfter: closed ? decisionAt : opts.asOf,
    });
    deals.push({
      objectType: "deal",
      id,
      properties: {
        dealname: `${profile.shortName} – ${rng.pick(DEAL_THEMES)}`,
        amount: String(amount),
        dealstage,
        pipeline: "default",
        closedate: iso(minute(expectedClose.getTime())),
        hubspot_owner_id: account.owner.hubspotOwnerId ?? "",
        createdate: iso(createdAt),
      },
      associations: { contacts: dealContacts, companies: [account.object.id], deals: [] },
      ownerExternalId: account.owner.hubspotOwnerId ?? "",
      region: profile.region,
      team: account.owner.team ?? "",
      createdAt,
      updatedAt: activities[activities.length - 1]?.occurredAt ?? createdAt,
      outcome,
      closedAt: closed ? minute(decisionAt.getTime()) : null,
      activities,
    });
    account.object.associations.deals.push(id);
    for (const c of dealContacts) contacts.find((x) => x.id === c)?.associations.deals.push(id);
  }

  for (const account of accounts) {
    const own = deals.filter((d) => account.object.associations.deals.includes(d.id));
    const wins = own.filter((d) => d.outcome === "WON");
    const o = account.object;
    if (wins.length > 0) {
      o.outcome = "WON";
      o.closedAt = new Date(Math.min(...wins.map((d) => d.closedAt?.getTime() ?? asOf)));
      o.properties.lifecyclestage = "customer";
    } else if (own.length > 0 && own.every((d) => d.outcome === "LOST")) {
      o.outcome = "LOST";
      o.closedAt = new Date(Math.max(...own.map((d) => d.closedAt?.getTime() ?? asOf)));
    } else if (own.length > 0) {
      o.properties.lifecyclestage = "opportunity";
    }
    o.updatedAt = new Date(Math.max(o.createdAt.getTime(), ...o.activities.map((a) => a.occurredAt.getTime())));
  }
  return { portalId: opts.portalId, companies: accounts.map((a) => a.object), contacts, deals };
}
