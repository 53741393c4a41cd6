import fc from "fast-check";
import { createLoader } from "nuqs/server";
import { describe, expect, it } from "vitest";
import { defineFilters, multiFilter, periodFilter, resolvePeriod, searchFilter, selectFilter } from "./filters";

const NOW = new Date("2026-06-15T12:00:00Z");
const day = (s: string) => new Date(`${s}T00:00:00Z`);

const filters = defineFilters([
  selectFilter("crm", "CRM", [{ value: "SALESFORCE", label: "Salesforce" }, { value: "HUBSPOT", label: "HubSpot" }]),
  multiFilter("band", "Band", [{ value: "A", label: "Hot" }, { value: "B", label: "Warm" }]),
  periodFilter("period", "Period", "30d"),
  searchFilter("q", "Search"),
]);
const load = createLoader(filters.parsers);

describe("URL filters", () => {
  it("parse typed values from the URL on the server", () => {
    const v = load("?crm=HUBSPOT&band=A,B&period=custom&periodFrom=2026-01-01&periodTo=2026-02-01&q=acme");
    expect(v).toEqual({ crm: "HUBSPOT", band: ["A", "B"], period: "custom", periodFrom: day("2026-01-01"), periodTo: day("2026-02-01"), q: "acme" });
  });

  it("read unknown values as no filter rather than passing them on", () => {
    const v = load("?crm=PIPEDRIVE&band=A,Z&period=forever");
    expect(v).toMatchObject({ crm: null, period: "30d", q: "" });
    expect(v.band).not.toContain("Z");
  });

  it("hand the FilterBar plain data specs", () => {
    expect(JSON.parse(JSON.stringify(filters.specs))).toEqual(filters.specs);
    expect(filters.specs.map((s) => s.key)).toEqual(["crm", "band", "period", "q"]);
  });
});

describe("resolvePeriod", () => {
  it("turns presets into windows ending now", () => {
    expect(resolvePeriod("7d", { from: null, to: null }, NOW)).toEqual({ start: new Date("2026-06-08T12:00:00Z"), end: NOW });
    expect(resolvePeriod("12m", { from: null, to: null }, NOW)).toEqual({ start: new Date("2025-06-15T12:00:00Z"), end: NOW });
    expect(resolvePeriod("all", { from: null, to: null }, NOW)).toEqual({ start: null, end: NOW });
  });

  it("covers whole days of a custom range and runs an open one to now", () => {
    expect(resolvePeriod("custom", { from: day("2026-01-01"), to: day("2026-01-31") }, NOW)).toEqual({
      start: day("2026-01-01"),
      end: new Date("2026-01-31T23:59:59.999Z"),
    });
    expect(resolvePeriod("custom", { from: day("2026-01-01"), to: null }, NOW)).toEqual({ start: day("2026-01-01"), end: NOW });
  });

  it("never yields a window that ends before it starts", () => {
    const date = fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }).map((d) => day(d.toISOString().slice(0, 10)));
    fc.assert(
      fc.property(fc.option(date, { nil: null }), fc.option(date, { nil: null }), (from, to) => {
        const { start, end } = resolvePeriod("custom", { from, to }, NOW);
        return start === null || start.getTime() <= end.getTime();
      }),
    );
  });
});
