import { describe, expect, it } from "vitest";
import {
  ACTIONABLE_FEATURES,
  FEATURE_NAMES,
  FEATURE_SCHEMA,
  extractFeatures,
  reasonContext,
  trainingAsOf,
  withAssociatedCompany,
} from "./features";
import { industryGroup, isFreeEmail, sourceGroup, titleSeniority } from "./normalise";

const asOf = new Date("2026-06-30T12:00:00.000Z");
const daysAgo = (d: number, hours = 0) => new Date(asOf.getTime() - d * 86_400_000 - hours * 3_600_000);

const salesforceLead = {
  FirstName: "Amelia",
  LastName: "Schneider",
  Company: "Nordlicht Software GmbH",
  Title: "VP Engineering",
  Email: "amelia.schneider@nordlicht-software.example",
  Phone: "+49 30 2309 1234",
  Industry: "Technology",
  LeadSource: "Partner Referral",
  NumberOfEmployees: 1200,
  AnnualRevenue: 210_000_000,
  Country: "Germany",
  Status: "Working - Contacted",
};

describe("extractFeatures", () => {
  it("maps a Salesforce lead and counts activities per window", () => {
    const row = extractFeatures(
      {
        objectType: "lead",
        fields: salesforceLead,
        createdAt: daysAgo(45),
        activities: [
          { kind: "pricing_page_visit", occurredAt: daysAgo(1) },
          { kind: "pricing_page_visit", occurredAt: daysAgo(6, 23) },
          { kind: "pricing_page_visit", occurredAt: daysAgo(7) }, // exactly 7 days: outside the 7-day window
          { kind: "web_visit", occurredAt: daysAgo(29) },
          { kind: "meeting", occurredAt: daysAgo(3) },
          { kind: "email_reply", occurredAt: daysAgo(40) },
          { kind: "webinar", occurredAt: daysAgo(80) },
          { kind: "demo_request", occurredAt: daysAgo(120) },
          { kind: "meeting", occurredAt: new Date(asOf.getTime() + 86_400_000) }, // the future: ignored
          { kind: "carrier_pigeon", occurredAt: daysAgo(0) }, // unknown kind: ignored
        ],
      },
      asOf,
    );
    expect(row).toEqual({
      pricing_page_visits_7d: 2,
      web_visits_30d: 1,
      email_opens_30d: 0,
      email_replies_30d: 0,
      meetings_30d: 1,
      calls_30d: 0,
      webinars_90d: 1,
      touches_90d: 7,
      demo_requested: 1,
      days_since_last_touch: 1,
      lead_age_days: 45,
      employees: 1200,
      annual_revenue: 210_000_000,
      has_phone: 1,
      free_email: 0,
      title_seniority: "vp",
      industry: "software",
      lead_source: "referral",
    });
    expect(Object.keys(row).sort()).toEqual([...FEATURE_NAMES].sort());
  });

  it("maps HubSpot string properties, with firmographics from the associated company", () => {
    const contact = {
      firstname: "Jacob",
      lastname: "Young",
      email: "jacob.young@gmail.example",
      jobtitle: "Data Analyst",
      phone: "",
      hs_analytics_source: "PAID_SEARCH",
    };
    const company = { name: "Cobalt Outfitters Inc.", industry: "RETAIL", numberofemployees: "1,450", annualrevenue: "", phone: "+1 416 555 0100" };
    const row = extractFeatures(
      { objectType: "contact", fields: withAssociatedCompany(contact, company), activities: [], createdAt: daysAgo(10) },
      asOf,
    );
    expect(row).toMatchObject({
      employees: 1450,
      annual_revenue: null,
      has_phone: 0, // the company's switchboard is not the contact's phone
      free_email: 1,
      title_seniority: "individual",
      industry: "retail",
      lead_source: "paid",
      days_since_last_touch: null,
      demo_requested: 0,
      touches_90d: 0,
    });
  });

  it("treats everything missing as null or zero, never throws", () => {
    const row = extractFeatures({ objectType: "deal", fields: {}, activities: [], createdAt: new Date(asOf.getTime() + 1000) }, asOf);
    expect(row).toMatchObject({
      employees: null,
      annual_revenue: null,
      free_email: null,
      industry: null,
      lead_source: null,
      title_seniority: "unknown",
      has_phone: 0,
      lead_age_days: 0,
    });
  });

  it("is leakage-free for training rows: nothing after closedAt minus the gap counts", () => {
    const closedAt = new Date("2026-03-01T10:00:00.000Z");
    const asOfTraining = trainingAsOf(closedAt);
    expect(asOfTraining.toISOString()).toBe("2026-02-22T10:00:00.000Z");
    const row = extractFeatures(
      {
        objectType: "lead",
        fields: {},
        createdAt: new Date("2026-01-01T00:00:00.000Z"),
        activities: [{ kind: "meeting", occurredAt: new Date("2026-02-28T10:00:00.000Z") }],
      },
      asOfTraining,
    );
    expect(row.meetings_30d).toBe(0);
    expect(row.days_since_last_touch).toBeNull();
  });

  it("keeps the schema and the actionable list coherent", () => {
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_SCHEMA.length);
    expect(ACTIONABLE_FEATURES).toEqual(expect.arrayContaining(["meetings_30d", "demo_requested", "days_since_last_touch"]));
    expect(ACTIONABLE_FEATURES).not.toContain("employees");
  });

  it("offers the raw title and labels as reason context", () => {
    expect(reasonContext(salesforceLead)).toEqual({ title: "VP Engineering", industry_raw: "Technology", source_raw: "Partner Referral" });
    expect(reasonContext({ jobtitle: "" })).toEqual({});
  });
});

describe("normalisers", () => {
  it.each([
    ["CTO", "c_level"],
    ["Co-founder & CTO", "c_level"],
    ["Managing Director", "c_level"],
    ["Vice President, Infrastructure", "vp"],
    ["SVP Technology", "vp"],
    ["Head of Platform", "director"],
    ["Director, Cloud Operations", "director"],
    ["Team Lead, Backend", "manager"],
    ["IT Manager", "manager"],
    ["Site Reliability Engineer", "individual"],
    ["", "unknown"],
  ])("title %j is %s", (title, level) => {
    expect(titleSeniority(title)).toBe(level);
  });

  it("reads Salesforce picklists and HubSpot enums into one vocabulary", () => {
    expect([industryGroup("Technology"), industryGroup("COMPUTER_SOFTWARE")]).toEqual(["software", "software"]);
    expect([industryGroup("Finance"), industryGroup("FINANCIAL_SERVICES"), industryGroup("Banking")]).toEqual([
      "financial_services", "financial_services", "financial_services",
    ]);
    expect([industryGroup("HOSPITAL_HEALTH_CARE"), industryGroup("Agriculture"), industryGroup(null)]).toEqual(["healthcare", "other", null]);
    expect([sourceGroup("Web"), sourceGroup("ORGANIC_SEARCH"), sourceGroup("DIRECT_TRAFFIC")]).toEqual(["web", "web", "web"]);
    expect([sourceGroup("Partner Referral"), sourceGroup("REFERRALS")]).toEqual(["referral", "referral"]);
    expect([sourceGroup("Trade Show"), sourceGroup("OFFLINE"), sourceGroup("Purchased List"), sourceGroup("Cold Call")]).toEqual([
      "event", "event", "purchased_list", "outbound",
    ]);
    expect([sourceGroup("PAID_SEARCH"), sourceGroup("SOCIAL_MEDIA"), sourceGroup("EMAIL_MARKETING"), sourceGroup("Webinar")]).toEqual([
      "paid", "social", "email", "webinar",
    ]);
    expect([isFreeEmail("a@gmail.com"), isFreeEmail("a@yahoo.co.uk"), isFreeEmail("a@acme.example"), isFreeEmail("nope")]).toEqual([
      true, true, false, null,
    ]);
  });
});
