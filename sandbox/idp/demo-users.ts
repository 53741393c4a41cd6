import type { IdpUser } from "./types";

/** Public on purpose: the sign-in page shows it next to the demo accounts. */
export const DEMO_PASSWORD = "demo";

/**
 * One account per Candor role. Regions are not a standard OIDC claim, so they travel as
 * "candor-region-<code>" groups that the app can map alongside the role group.
 */
export const DEMO_IDP_USERS: IdpUser[] = [
  {
    sub: "acme-admin",
    email: "admin@acme.example",
    name: "Alex Admin",
    password: DEMO_PASSWORD,
    groups: ["candor-admins"],
  },
  {
    sub: "acme-manager-emea",
    email: "manager.emea@acme.example",
    name: "Emilia Weber",
    password: DEMO_PASSWORD,
    groups: ["candor-sales-managers", "candor-region-emea"],
  },
  {
    sub: "acme-manager-na",
    email: "manager.na@acme.example",
    name: "Noah Carter",
    password: DEMO_PASSWORD,
    groups: ["candor-sales-managers", "candor-region-na"],
  },
  {
    sub: "acme-rep-emea",
    email: "rep.emea@acme.example",
    name: "Rafael Ortiz",
    password: DEMO_PASSWORD,
    groups: ["candor-sales-reps", "candor-region-emea"],
  },
  {
    sub: "acme-data-scientist",
    email: "data.scientist@acme.example",
    name: "Dana Singh",
    password: DEMO_PASSWORD,
    groups: ["candor-data-scientists"],
  },
  {
    sub: "acme-compliance",
    email: "compliance@acme.example",
    name: "Casey Brooks",
    password: DEMO_PASSWORD,
    groups: ["candor-compliance"],
  },
];

/**
 * Which person of the demo tenant (prisma/demo, by its stable key) each account signs in as:
 * the seed stores the account's `sub` as that Candor user's SSO subject, so the EMEA rep who
 * opens Candor in Salesforce and the one who signs in here are one Candor user.
 */
export const DEMO_IDP_LINKS: Readonly<Record<string, string>> = {
  "acme-admin": "admin",
  "acme-manager-emea": "emea-manager",
  "acme-manager-na": "na-manager",
  "acme-rep-emea": "emea-rep-1",
  "acme-data-scientist": "data-scientist",
  "acme-compliance": "compliance",
};
