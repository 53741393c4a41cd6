import { describe, expect, it } from "vitest";
import { ACTIVITY_KINDS } from "@/lib/scoring/activity-kinds";
import { extractFeatures, trainingAsOf } from "@/lib/scoring/features";
import { trainTenantGbdt, type Example } from "@/lib/scoring/tenant-model";
import { GLOBEX_ANALYTICS, generateDemoTenant } from "./generate";
import { salesforceChecksum } from "./ids";
import { createRng } from "./prng";

const asOf = new Date("2026-11-20T12:00:00.000Z");
const tenant = generateDemoTenant({ seed: 42, asOf });
const leads = tenant.salesforce.leads;

function isSalesforceId(id: string, prefix: string): boolean {
  return id.length === 18 && id.startsWith(prefix) && salesforceChecksum(id.slice(0, 15)) === id.slice(15);
}

describe("generateDemoTenant", () => {
  it("is deterministic: the same seed gives deep-equal output, another seed does not", () => {
    expect(generateDemoTenant({ seed: 42, asOf })).toEqual(tenant);
    const other = generateDemoTenant({ seed: 43, asOf });
    expect(other.salesforce.leads.map((l) => l.fields.LastName)).not.toEqual(leads.map((l) => l.fields.LastName));
  });

  it("has the Acme Cloud org chart", () => {
    const roles = tenant.users.map((u) => u.role).sort();
    expect(roles).toEqual([
      "ADMIN", "COMPLIANCE_OFFICER", "DATA_SCIENTIST", "SALES_MANAGER", "SALES_MANAGER",
      "SALES_REP", "SALES_REP", "SALES_REP", "SALES_REP", "SALES_REP", "SALES_REP",
    ]);
    for (const region of ["EMEA", "NA"] as const) {
      expect(tenant.users.filter((u) => u.role === "SALES_REP" && u.region === region)).toHaveLength(3);
      expect(tenant.users.filter((u) => u.role === "SALES_MANAGER" && u.region === region)).toHaveLength(1);
    }
    expect(tenant.teams).toHaveLength(2);
    for (const u of tenant.users) {
      expect(u.email).toMatch(/^[a-z.]+@acme\.example$/);
      expect(isSalesforceId(u.salesforceUserId, "005")).toBe(true);
    }
    expect(new Set(tenant.users.map((u) => u.email)).size).toBe(tenant.users.length);
    const sellers = tenant.users.filter((u) => u.role === "SALES_REP" || u.role === "SALES_MANAGER");
    expect(sellers.every((u) => /^\d+$/.test(u.hubspotOwnerId ?? ""))).toBe(true);
    expect(isSalesforceId(tenant.salesforce.orgId, "00D")).toBe(true);
  });

  it("has a second tenant with its own org, portal, people and ids, none shared with Acme Cloud", () => {
    const globex = generateDemoTenant({ seed: 42, asOf, profile: GLOBEX_ANALYTICS });
    expect(globex).toMatchObject({ name: "Globex Analytics", slug: "globex-analytics", hubspot: { portalId: "39115822" } });
    expect(globex.salesforce.leads).toHaveLength(200);
    expect(globex.users.every((u) => u.email.endsWith("@globex.example"))).toBe(true);
    const acmeIds = new Set([tenant.salesforce.orgId, ...tenant.users.map((u) => u.salesforceUserId), ...leads.map((l) => l.externalId)]);
    const globexIds = [globex.salesforce.orgId, ...globex.users.map((u) => u.salesforceUserId), ...globex.salesforce.leads.map((l) => l.externalId)];
    expect(globexIds.filter((id) => acmeIds.has(id))).toEqual([]);
    expect(globexIds.every((id) => isSalesforceId(id, id.slice(0, 3)))).toBe(true);
    expect(globex.salesforce.orgId).not.toBe(tenant.salesforce.orgId);
  });

  it("produces Salesforce-shaped leads owned by a rep in their region", () => {
    expect(leads).toHaveLength(480);
    expect(generateDemoTenant({ seed: 1, asOf, leadCount: 50 }).salesforce.leads).toHaveLength(50);
    const reps = new Map(tenant.users.filter((u) => u.role === "SALES_REP").map((u) => [u.salesforceUserId, u]));
    expect(new Set(leads.map((l) => l.externalId)).size).toBe(leads.length);
    for (const lead of leads) {
      expect(isSalesforceId(lead.externalId, "00Q")).toBe(true);
      expect(reps.get(lead.ownerExternalId)?.region).toBe(lead.region);
      expect(lead.fields.OwnerId).toBe(lead.ownerExternalId);
      expect(lead.fields.Email).toMatch(/@[a-z0-9-]+\.example$/);
      expect(lead.createdAt.getTime()).toBeLessThanOrEqual(asOf.getTime());
      expect(lead.createdAt.getTime()).toBeGreaterThan(asOf.getTime() - 19 * 30 * 86_400_000);
      expect(lead.fields.IsConverted).toBe(lead.outcome === "WON");
    }
  });

  it("closes about 60% of leads, with a realistic win rate", () => {
    const closed = leads.filter((l) => l.outcome !== "OPEN");
    const won = closed.filter((l) => l.outcome === "WON");
    expect(closed.length / leads.length).toBeGreaterThan(0.5);
    expect(closed.length / leads.length).toBeLessThan(0.7);
    expect(won.length / closed.length).toBeGreaterThan(0.15);
    expect(won.length / closed.length).toBeLessThan(0.45);
    for (const lead of leads) expect(lead.closedAt === null).toBe(lead.outcome === "OPEN");
  });

  it("keeps activities inside each record's life, in order", () => {
    const all = [...leads, ...tenant.hubspot.contacts, ...tenant.hubspot.companies, ...tenant.hubspot.deals];
    for (const record of all) {
      // A company "closes" with its first won deal, and its people keep visiting the website after.
      const closesActivity = !("objectType" in record && record.objectType === "company");
      const end = Math.min(asOf.getTime(), closesActivity ? (record.closedAt?.getTime() ?? Infinity) : Infinity);
      const times = record.activities.map((a) => a.occurredAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const a of record.activities) {
        expect(ACTIVITY_KINDS).toContain(a.kind);
        expect(a.subject.length).toBeGreaterThan(0);
        expect(a.occurredAt.getTime()).toBeGreaterThanOrEqual(record.createdAt.getTime());
        expect(a.occurredAt.getTime()).toBeLessThanOrEqual(end);
      }
    }
    const kinds = new Set(leads.flatMap((l) => l.activities.map((a) => a.kind)));
    expect([...kinds].sort()).toEqual([...ACTIVITY_KINDS].sort());
  });

  it("has a HubSpot slice with string properties and consistent associations", () => {
    const { contacts, companies, deals } = tenant.hubspot;
    expect([contacts.length, companies.length, deals.length]).toEqual([60, 25, 30]);
    const owners = new Set(tenant.users.map((u) => u.hubspotOwnerId).filter(Boolean));
    for (const o of [...contacts, ...companies, ...deals]) {
      expect(Object.values(o.properties).every((v) => typeof v === "string")).toBe(true);
      expect(owners.has(o.properties.hubspot_owner_id ?? "")).toBe(true);
    }
    for (const c of contacts) {
      for (const key of ["firstname", "lastname", "email", "jobtitle", "company", "lifecyclestage", "hs_lead_status"]) {
        expect(c.properties).toHaveProperty(key);
      }
      const company = companies.find((x) => x.id === c.associations.companies[0]);
      expect(company?.associations.contacts).toContain(c.id);
      expect(c.properties.company).toBe(company?.properties.name);
    }
    for (const d of deals) {
      expect(d.properties.pipeline).toBe("default");
      expect(Number(d.properties.amount)).toBeGreaterThan(0);
      const stage = d.properties.dealstage;
      expect(stage === "closedwon").toBe(d.outcome === "WON");
      expect(stage === "closedlost").toBe(d.outcome === "LOST");
      expect(Number.isNaN(Date.parse(d.properties.closedate ?? ""))).toBe(false);
    }
    expect(new Set(deals.map((d) => d.outcome))).toEqual(new Set(["WON", "LOST", "OPEN"]));
  });

  it("hides a signal the scoring engine can learn from the closed leads (time-based split)", () => {
    const closed: Example[] = leads
      .filter((l) => l.closedAt !== null)
      .map((l) => ({
        row: extractFeatures(
          { objectType: "lead", fields: { ...l.fields }, activities: l.activities, createdAt: l.createdAt },
          trainingAsOf(l.closedAt as Date),
        ),
        label: (l.outcome === "WON" ? 1 : 0) as 0 | 1,
        weight: 1,
        at: l.closedAt as Date,
        source: "outcome" as const,
      }));
    // From scratch (no prior), so the figure measures what the data carries.
    const trained = trainTenantGbdt(closed, [], { baseline: { version: "base rate", predict: () => 0.25 } });
    const testAuc = trained.metrics.test.auc ?? 0;
    // Real but imperfect: well above chance, well below what leakage would give.
    expect(testAuc).toBeGreaterThan(0.68);
    expect(testAuc).toBeLessThan(0.95);
  });
});

describe("createRng", () => {
  it("repeats for a seed and forks independent, stable streams", () => {
    const a = createRng(7);
    const b = createRng(7);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    const f1 = createRng(7).fork("x").next();
    const r = createRng(7);
    r.next();
    expect(r.fork("x").next()).toBe(f1);
    expect(createRng(7).fork("y").next()).not.toBe(f1);
  });

  it("draws within range", () => {
    const rng = createRng(1);
    for (let i = 0; i < 1000; i += 1) {
      const v = rng.next();
      expect(v >= 0 && v < 1).toBe(true);
      const n = rng.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
    }
  });
});
