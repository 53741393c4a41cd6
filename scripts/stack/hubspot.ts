import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { portalRecords } from "@/prisma/demo-hubspot-portal";
import type { DemoHubSpotObject, DemoTenant } from "@/prisma/demo/types";
import { startHubSpotSandbox, type HubSpotSandboxOptions, type StoreSnapshot } from "@/sandbox/hubspot";

// The HubSpot half of the demo stack: the stand-in portal seeded from the demo tenant's HubSpot
// slice (its reps as HubSpot users, their companies, contacts and deals, and how those relate), the
// card fetch pointed at Candor, and the portal saved beside the database so a restart shows it as
// Candor left it (score properties, flag notes).

export const HUBSPOT_CLIENT_ID = "candor-demo-hubspot-client";
export const HUBSPOT_CLIENT_SECRET = "candor-demo-hubspot-secret";

type RecordType = "contacts" | "companies" | "deals";

// HUBSPOT_DEFINED association type ids between the record types (sandbox/hubspot/object-types.ts).
const ASSOCIATION_TYPE = { contactToCompany: 279, dealToContact: 3, dealToCompany: 341 };

function objectsOf(list: DemoHubSpotObject[]): Array<Record<string, string>> {
  // The stand-in refuses empty strings for some types; HubSpot stores "no value" as absent.
  return list.map((o) => ({ id: o.id, ...Object.fromEntries(Object.entries(o.properties).filter(([, v]) => v !== "")) }));
}

export function hubspotSeed(tenant: DemoTenant): Pick<HubSpotSandboxOptions, "users" | "objects" | "associations"> {
  const hubspot = portalRecords(tenant);
  const associations: NonNullable<HubSpotSandboxOptions["associations"]> = [];
  const link = (fromType: RecordType, fromId: string, toType: RecordType, toId: string, typeId: number) =>
    associations.push({ from: { type: fromType, id: fromId }, to: { type: toType, id: toId }, typeId });
  for (const c of hubspot.contacts) for (const company of c.associations.companies) link("contacts", c.id, "companies", company, ASSOCIATION_TYPE.contactToCompany);
  for (const d of hubspot.deals) {
    for (const contact of d.associations.contacts) link("deals", d.id, "contacts", contact, ASSOCIATION_TYPE.dealToContact);
    for (const company of d.associations.companies) link("deals", d.id, "companies", company, ASSOCIATION_TYPE.dealToCompany);
  }
  return {
    users: tenant.users
      .filter((u) => u.hubspotOwnerId)
      .map((u) => ({ id: u.hubspotOwnerId!, email: u.email, firstName: u.firstName, lastName: u.lastName })),
    objects: { companies: objectsOf(hubspot.companies), contacts: objectsOf(hubspot.contacts), deals: objectsOf(hubspot.deals) },
    associations,
  };
}

export async function startDemoHubSpot(opts: { tenant: DemoTenant; port: number; appUrl: string; stateFile: string | null }) {
  const saved: StoreSnapshot | undefined = opts.stateFile && existsSync(opts.stateFile) ? JSON.parse(readFileSync(opts.stateFile, "utf8")) : undefined;
  const sandbox = await startHubSpotSandbox({
    port: opts.port,
    portalId: opts.tenant.hubspot.portalId,
    clientId: HUBSPOT_CLIENT_ID,
    clientSecret: HUBSPOT_CLIENT_SECRET,
    cardFetchUrl: `${opts.appUrl}/api/v1/hubspot/card`,
    ...hubspotSeed(opts.tenant),
    ...(saved ? { restore: saved } : {}),
  });
  const save = () => {
    if (opts.stateFile) writeFileSync(opts.stateFile, JSON.stringify(sandbox.snapshot()));
  };
  // The page to show: the first rep (in the org chart's order) who owns an open contact.
  const openContactOf = (ownerId: string | null) => opts.tenant.hubspot.contacts.find((c) => c.outcome === "OPEN" && c.ownerExternalId === ownerId);
  const rep = opts.tenant.users.find((u) => u.role === "SALES_REP" && u.hubspotOwnerId && openContactOf(u.hubspotOwnerId))!;
  const contact = openContactOf(rep.hubspotOwnerId)!;
  const recordPageUrl = `${sandbox.url}/contacts/${opts.tenant.hubspot.portalId}/record/0-1/${contact.id}?as=${rep.hubspotOwnerId}`;
  return { sandbox, save, rep, contact, recordPageUrl, tokens: sandbox.issueTokens() };
}
