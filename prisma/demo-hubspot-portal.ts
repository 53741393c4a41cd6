import type { DemoHubSpotObject, DemoTenant } from "./demo/types";

// The demo tenant's HubSpot slice as a HubSpot portal can hold it. HubSpot refuses a second contact
// with an email it already has, and the generator can draw the same name at the same company
// twice; the later one gets a "+n" tag, as people with two addresses at one company do. The
// stand-in (scripts/stack/hubspot.ts) and Candor's copy (prisma/seed-hubspot.ts) both use this.
export function portalRecords(tenant: DemoTenant): Record<"companies" | "contacts" | "deals", DemoHubSpotObject[]> {
  const seen = new Map<string, number>();
  const contacts = tenant.hubspot.contacts.map((c) => {
    const email = c.properties.email?.toLowerCase();
    if (!email) return c;
    const count = (seen.get(email) ?? 0) + 1;
    seen.set(email, count);
    if (count === 1) return c;
    const [local, domain] = email.split("@");
    return { ...c, properties: { ...c.properties, email: `${local}+${count}@${domain}` } };
  });
  return { companies: tenant.hubspot.companies, contacts, deals: tenant.hubspot.deals };
}
