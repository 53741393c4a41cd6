// Who works at a demo tenant, and the small helpers for making people (names, titles, phones).
import { salesforceId } from "./ids";
import type { Rng } from "./prng";
import type { DemoRole, DemoUser } from "./types";
import { asciiSlug } from "./companies";
import { FIRST_NAMES, LAST_NAMES, PHONE_PATTERN, REGIONS, TITLES, type Region, type Seniority } from "./words";

/** First hour of the working day in UTC, per region, for activity timestamps. */
export const WORKDAY_START_UTC: Record<Region, number> = { EMEA: 7, NA: 13 };

export const DEMO_TEAMS: ReadonlyArray<{ name: string; region: Region }> = [
  { name: "EMEA Commercial", region: "EMEA" },
  { name: "NA Commercial", region: "NA" },
];

export const SENIORITY_WEIGHTS: ReadonlyArray<readonly [Seniority, number]> = [
  ["individual", 32],
  ["manager", 22],
  ["director", 20],
  ["vp", 12],
  ["c_level", 8],
  ["unknown", 6],
];

export function titleFor(rng: Rng, seniority: Seniority): string | null {
  return seniority === "unknown" ? null : rng.pick(TITLES[seniority]);
}

export function emailLocal(first: string, last: string): string {
  return `${asciiSlug(first)}.${asciiSlug(last)}`.replace(/-/g, "");
}

// Colleagues with distinct first and last names, so a demo audience can tell them apart.
function uniqueName(rng: Rng, region: Region, taken: Set<string>): { first: string; last: string } {
  for (;;) {
    const first = rng.pick(FIRST_NAMES[region]);
    const last = rng.pick(LAST_NAMES[region]);
    if (!taken.has(first) && !taken.has(last)) {
      taken.add(first);
      taken.add(last);
      return { first, last };
    }
  }
}

export function generateUsers(rng: Rng, org: { pod: string; emailDomain: string }): DemoUser[] {
  const taken = new Set<string>();
  const users: DemoUser[] = [];
  const add = (key: string, role: DemoRole, title: string, region: Region | null, managerKey: string | null): void => {
    const { first, last } = uniqueName(rng, region ?? "NA", taken);
    const index = users.length;
    const team = region ? (DEMO_TEAMS.find((t) => t.region === region)?.name ?? null) : null;
    users.push({
      key,
      firstName: first,
      lastName: last,
      name: `${first} ${last}`,
      email: `${emailLocal(first, last)}@${org.emailDomain}`,
      title,
      role,
      region,
      team,
      salesforceUserId: salesforceId("005", org.pod, 40_000 + index * 131),
      hubspotOwnerId: role === "SALES_REP" || role === "SALES_MANAGER" ? String(61_204_518 + index * 7_793) : null,
      managerKey,
    });
  };
  for (const region of REGIONS) {
    const prefix = region.toLowerCase();
    add(`${prefix}-manager`, "SALES_MANAGER", `Sales Manager, ${region}`, region, null);
    for (let i = 1; i <= 3; i += 1) {
      add(`${prefix}-rep-${i}`, "SALES_REP", "Account Executive", region, `${prefix}-manager`);
    }
  }
  add("admin", "ADMIN", "Salesforce Administrator", null, null);
  add("data-scientist", "DATA_SCIENTIST", "Data Scientist", null, null);
  add("compliance", "COMPLIANCE_OFFICER", "Compliance Officer", null, null);
  return users;
}

export function repsIn(users: DemoUser[], region: Region): DemoUser[] {
  return users.filter((u) => u.role === "SALES_REP" && u.region === region);
}

export function phoneFor(country: string, n: number): string {
  const pattern = PHONE_PATTERN[country];
  if (!pattern) throw new Error(`no phone pattern for ${country}`);
  return pattern(n);
}

