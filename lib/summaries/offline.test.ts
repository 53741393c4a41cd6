import { describe, expect, it } from "vitest";
import { withAssociatedCompany } from "@/lib/scoring/features";
import { generateDemoTenant } from "@/prisma/demo/generate";
import { offlineSummaryProvider, summarizeOffline } from "./offline";
import type { GroundedSummary, SummaryInput } from "./types";

const asOf = new Date("2026-11-20T12:00:00.000Z");
const tenant = generateDemoTenant({ seed: 42, asOf });
const companies = new Map(tenant.hubspot.companies.map((c) => [c.id, c.properties]));

const inputs: SummaryInput[] = [
  ...tenant.salesforce.leads.map((l) => ({ objectType: "Lead", fields: { ...l.fields }, activities: l.activities, asOf })),
  ...tenant.hubspot.contacts.map((c) => ({
    objectType: "contact",
    fields: withAssociatedCompany(c.properties, companies.get(c.associations.companies[0] ?? "")),
    activities: c.activities,
    asOf,
  })),
  ...tenant.hubspot.companies.map((c) => ({ objectType: "company", fields: c.properties, activities: c.activities, asOf })),
  ...tenant.hubspot.deals.map((d) => ({ objectType: "deal", fields: d.properties, activities: d.activities, asOf })),
];

/** Every cited fact must be found, verbatim, in the input it claims to come from. */
function expectGrounded(summary: GroundedSummary, input: SummaryInput): void {
  for (const s of summary.sentences) {
    for (const fact of s.facts) {
      if (fact.source.startsWith("field:")) {
        expect(String(input.fields[fact.source.slice("field:".length)])).toBe(fact.value);
      } else if (fact.source.startsWith("activity:")) {
        const activity = input.activities.find((a) => `activity:${a.id}` === fact.source);
        expect(activity?.subject).toBe(fact.value);
      } else {
        expect(fact.source).toBe("activities");
        expect(fact.value).toBe(String(input.activities.filter((a) => a.occurredAt <= input.asOf).length));
      }
    }
  }
}

describe("summarizeOffline", () => {
  it("writes 2–4 cited, plain-text sentences for every demo record, grounded in the input", () => {
    for (const input of inputs) {
      const summary = summarizeOffline(input);
      expect(summary.sentences.length).toBeGreaterThanOrEqual(2);
      expect(summary.sentences.length).toBeLessThanOrEqual(4);
      expect(summary.text).toBe(summary.sentences.map((s) => s.text).join(" "));
      expect(summary.text).not.toMatch(/[<>*#`_]|\.\./);
      for (const s of summary.sentences) {
        expect(s.facts.length).toBeGreaterThan(0);
        expect(s.text).toMatch(/^[A-Z\d"].*\.$/);
      }
      expectGrounded(summary, input);
    }
  });

  it("is deterministic", () => {
    for (const input of inputs.slice(0, 50)) expect(summarizeOffline(input)).toEqual(summarizeOffline(input));
  });

  it("says who, what company, recent engagement, and the open next step", () => {
    const input: SummaryInput = {
      objectType: "Lead",
      fields: {
        FirstName: "Amelia", LastName: "Schneider", Title: "VP Engineering", Company: "Nordlicht Software GmbH",
        Industry: "Technology", NumberOfEmployees: 1200, Country: "Germany", Status: "Working - Contacted",
        Email: "amelia@nordlicht.example", Phone: "+49 30 2309 1234",
      },
      activities: [
        { id: "a1", kind: "pricing_page_visit", subject: "Visited /pricing", occurredAt: new Date("2026-11-18T10:00:00Z") },
        { id: "a2", kind: "demo_request", subject: "Requested a demo via acme.example/demo", occurredAt: new Date("2026-11-19T09:30:00Z") },
        { id: "a3", kind: "email_open", subject: "Opened: Pricing for your team", occurredAt: new Date("2026-11-02T08:00:00Z") },
        { id: "old", kind: "call", subject: "Intro call", occurredAt: new Date("2026-08-01T08:00:00Z") },
      ],
      asOf,
    };
    const summary = summarizeOffline(input);
    expect(summary.sentences.map((s) => s.text)).toEqual([
      "Amelia Schneider is VP Engineering at Nordlicht Software GmbH.",
      "Nordlicht Software GmbH is in Technology, has about 1,200 employees and is based in Germany.",
      'In the last 30 days: 1 demo request, 1 email open and 1 pricing page visit; the latest a demo request on 19 Nov 2026 ("Requested a demo via acme.example/demo").',
      "Requested a demo on 19 Nov 2026; no meeting has followed yet.",
    ]);
    expect(summary.sentences[2]?.facts.map((f) => f.source)).toEqual(["activity:a3", "activity:a1", "activity:a2"]);
    // Contact details are never part of a summary.
    expect(summary.text).not.toContain("@");
    expect(summary.text).not.toContain("2309");
    expectGrounded(summary, input);
  });

  it("reports silence, scheduled meetings and empty records without inventing anything", () => {
    const quiet = summarizeOffline({
      objectType: "contact",
      fields: { firstname: "Jacob", lastname: "Young", hs_lead_status: "ATTEMPTED_TO_CONTACT" },
      activities: [{ id: "c1", kind: "call", subject: "Left voicemail", occurredAt: new Date("2026-09-01T15:00:00Z") }],
      asOf,
    });
    expect(quiet.text).toBe(
      'The contact is Jacob Young. No activity in the last 30 days; the last was a call on 1 Sep 2026 ("Left voicemail"), 80 days ago. Status: attempted to contact.',
    );
    const scheduled = summarizeOffline({
      objectType: "deal",
      fields: { dealname: "Harbor Retail – Pilot", amount: "24000", dealstage: "presentationscheduled", closedate: "2026-12-15T00:00:00.000Z" },
      activities: [{ id: "m1", kind: "meeting", subject: "Technical deep dive", occurredAt: new Date("2026-11-24T14:00:00Z") }],
      asOf,
    });
    expect(scheduled.text).toBe(
      'Harbor Retail – Pilot is a deal worth 24,000 at stage presentation scheduled, closing 15 Dec 2026. No recorded activity yet. Next: a meeting on 24 Nov 2026 ("Technical deep dive").',
    );
    const empty = summarizeOffline({ objectType: "lead", fields: {}, activities: [], asOf });
    expect(empty.text).toBe("No recorded activity yet.");
    expect(empty.sentences[0]?.facts).toEqual([{ id: "activity_count", label: "Recorded activities", value: "0", source: "activities" }]);
  });

  it("keeps markup out of the text even when the CRM data contains it", async () => {
    const summary = await offlineSummaryProvider.summarize({
      objectType: "Lead",
      fields: { FirstName: "<script>alert(1)</script>", LastName: "O'Brien", Company: "Evil <b>Corp</b>" },
      activities: [{ id: "x", kind: "email_reply", subject: "Re: <img src=x onerror=alert(1)>", occurredAt: new Date("2026-11-19T10:00:00Z") }],
      asOf,
    });
    expect(summary.text).not.toMatch(/[<>]/);
    expect(offlineSummaryProvider.name).toBe("offline");
  });
});
