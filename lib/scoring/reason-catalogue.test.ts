import { describe, expect, it } from "vitest";
import { generateDemoTenant } from "@/prisma/demo/generate";
import { FEATURE_NAMES, extractFeatures, reasonContext } from "./features";
import { DEFAULT_REASON_CATALOGUE, ReasonCatalogueSchema, describeFeature, renderReason } from "./reason-catalogue";

describe("renderReason", () => {
  const row = { pricing_page_visits_7d: 4, meetings_30d: 1, title_seniority: "vp", employees: null, annual_revenue: 12_340_000 };

  it("fills {value}, pluralises and formats numbers", () => {
    const t = "Visited the pricing page {value} {value|time|times} in the last 7 days";
    expect(renderReason(t, row, { feature: "pricing_page_visits_7d" })).toBe("Visited the pricing page 4 times in the last 7 days");
    expect(renderReason("{value} {value|meeting|meetings}", row, { feature: "meetings_30d" })).toBe("1 meeting");
    expect(renderReason("{value} employees", { employees: 12000 }, { feature: "employees" })).toBe("12,000 employees");
    expect(renderReason("Revenue {value}", row, { feature: "annual_revenue", format: "compact" })).toBe("Revenue 12.3M");
  });

  it("reads other features by name, and labels categoricals", () => {
    expect(renderReason("{pricing_page_visits_7d} visits, {meetings_30d} meeting", row)).toBe("4 visits, 1 meeting");
    expect(renderReason("Title is {label}", row, { feature: "title_seniority", labels: { vp: "VP-level" } })).toBe("Title is VP-level");
    expect(renderReason("Title is {label}", { title_seniority: "c_level" }, { feature: "title_seniority" })).toBe("Title is c level");
  });

  it("drops optional segments it cannot fill and never leaves a placeholder", () => {
    expect(renderReason("Title is {label}[ ({title})]", row, { feature: "title_seniority", context: { title: "VP Data" } })).toBe("Title is vp (VP Data)");
    expect(renderReason("Title is {label}[ ({title})]", row, { feature: "title_seniority" })).toBe("Title is vp");
    expect(renderReason("Size {value}", row, { feature: "employees" })).toBe("Size unknown");
    expect(renderReason("{value}", row)).toBe("unknown");
  });
});

describe("ReasonCatalogueSchema", () => {
  it("accepts the default catalogue, which covers every feature", () => {
    expect(ReasonCatalogueSchema.safeParse(DEFAULT_REASON_CATALOGUE).success).toBe(true);
    expect(Object.keys(DEFAULT_REASON_CATALOGUE).sort()).toEqual([...FEATURE_NAMES].sort());
  });

  it.each([
    ["markup", "Visited <b>{value}</b> times"],
    ["an unclosed placeholder", "Visited {value times"],
    ["a stray brace", "Visited } times"],
    ["an unbalanced optional segment", "Title is {label}[ ({title})"],
    ["nested optional segments", "a [b [c]]"],
    ["a placeholder that may be empty outside [ ]", "Title is {title}"],
  ])("rejects %s", (_what, template) => {
    const result = ReasonCatalogueSchema.safeParse({ meetings_30d: { positive: template, negative: "ok" } });
    expect(result.success).toBe(false);
  });

  it("rejects unknown keys and empty templates", () => {
    expect(ReasonCatalogueSchema.safeParse({ meetings_30d: { positive: "x", negative: "y", colour: "red" } }).success).toBe(false);
    expect(ReasonCatalogueSchema.safeParse({ meetings_30d: { positive: "", negative: "y" } }).success).toBe(false);
  });
});

describe("describeFeature over the demo data", () => {
  it("renders every feature, both directions, for every demo record without leftovers", () => {
    const asOf = new Date("2026-11-20T12:00:00.000Z");
    const tenant = generateDemoTenant({ seed: 5, asOf, leadCount: 150 });
    const records = [
      ...tenant.salesforce.leads.map((l) => ({ fields: { ...l.fields } as Record<string, unknown>, activities: l.activities, createdAt: l.createdAt })),
      ...tenant.hubspot.contacts.map((c) => ({ fields: c.properties, activities: c.activities, createdAt: c.createdAt })),
    ];
    for (const r of records) {
      const row = extractFeatures({ objectType: "lead", ...r }, asOf);
      for (const feature of FEATURE_NAMES) {
        for (const direction of ["POSITIVE", "NEGATIVE"] as const) {
          const text = describeFeature(feature, direction, row, DEFAULT_REASON_CATALOGUE, reasonContext(r.fields));
          expect(text).not.toMatch(/[{}[\]<>|]/);
          expect(text).not.toMatch(/\s{2}|^\s|\s$/);
          expect(text.length).toBeGreaterThan(5);
        }
      }
    }
  });

  it("uses value-specific and missing wording before the direction", () => {
    expect(describeFeature("demo_requested", "NEGATIVE", { demo_requested: 1 }, DEFAULT_REASON_CATALOGUE)).toBe("Requested a demo");
    expect(describeFeature("days_since_last_touch", "NEGATIVE", { days_since_last_touch: null }, DEFAULT_REASON_CATALOGUE)).toBe(
      "No recorded touches yet",
    );
    expect(describeFeature("title_seniority", "NEGATIVE", { title_seniority: "unknown" }, DEFAULT_REASON_CATALOGUE)).toBe("No job title on file");
    expect(describeFeature("custom_thing", "POSITIVE", { custom_thing: "gold_tier" }, DEFAULT_REASON_CATALOGUE)).toBe("custom thing: gold tier");
  });
});
