// Accounts shared by the Salesforce leads and the HubSpot slice, so one company can show up as
// several leads with the same size, industry and domain, as it does in a real CRM.
import type { Rng } from "./prng";
import {
  COMPANY_STEMS,
  COUNTRIES,
  INDUSTRIES,
  INDUSTRY_NOUNS,
  LEGAL_SUFFIX,
  type DemoIndustry,
  type Region,
} from "./words";

export interface DemoCompanyProfile {
  name: string;
  /** Name without the legal suffix, used for the domain and deal names. */
  shortName: string;
  domain: string;
  region: Region;
  country: string;
  industry: DemoIndustry;
  employees: number;
  annualRevenue: number;
}

const INDUSTRY_WEIGHTS: ReadonlyArray<readonly [DemoIndustry, number]> = INDUSTRIES.map((industry) => {
  const weights: Record<DemoIndustry, number> = {
    Technology: 26,
    Finance: 14,
    Manufacturing: 12,
    Healthcare: 10,
    Retail: 10,
    Media: 8,
    Education: 7,
    Government: 7,
    Telecommunications: 6,
  };
  return [industry, weights[industry]] as const;
});

export function asciiSlug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function roundEmployees(n: number): number {
  if (n >= 1000) return Math.round(n / 50) * 50;
  if (n >= 100) return Math.round(n / 5) * 5;
  return Math.max(2, Math.round(n));
}

export function generateCompanies(rng: Rng, count: number, regionWeights: Record<Region, number>): DemoCompanyProfile[] {
  const used = new Set<string>();
  const companies: DemoCompanyProfile[] = [];
  let attempts = 0;
  while (companies.length < count) {
    attempts += 1;
    if (attempts > count * 50) throw new Error("ran out of company names; widen the word lists");
    const industry = rng.weighted(INDUSTRY_WEIGHTS);
    const shortName = `${rng.pick(COMPANY_STEMS)} ${rng.pick(INDUSTRY_NOUNS[industry])}`;
    if (used.has(shortName)) continue;
    used.add(shortName);
    const region = rng.weighted([["EMEA", regionWeights.EMEA], ["NA", regionWeights.NA]] as const);
    const country = rng.weighted(COUNTRIES[region]);
    // Log-normal around a mid-market median, which is what a B2B inbound funnel looks like.
    const employees = roundEmployees(Math.min(80_000, Math.max(2, Math.exp(Math.log(250) + 1.6 * rng.normal()))));
    const revenuePerHead = Math.exp(Math.log(180_000) + 0.4 * rng.normal());
    const annualRevenue = Math.max(100_000, Math.round((employees * revenuePerHead) / 10_000) * 10_000);
    companies.push({
      name: `${shortName} ${LEGAL_SUFFIX[country] ?? "Ltd"}`,
      shortName,
      domain: `${asciiSlug(shortName)}.example`,
      region,
      country,
      industry,
      employees,
      annualRevenue,
    });
  }
  return companies;
}
