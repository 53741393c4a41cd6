import { randomUUID } from "node:crypto";
import { encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { makeUser, TEST_REGIONS } from "@/test/support/fixtures";
import { signedRequest } from "@/sandbox/hubspot/signing";

// Integration-test fixtures for the HubSpot entry points: a tenant connected to a portal, users
// linked to HubSpot users, scored HubSpot records, and requests signed the way HubSpot signs them
// (by the stand-in's signer, independent of the verifier under test).

export const APP_SECRET = "hubspot-app-secret-for-tests";

export const randomPortalId = () => String(40_000_000 + Math.floor(Math.random() * 9_000_000));

export async function makeHubSpotTenant(portalId = randomPortalId()) {
  const tenant = await db.tenant.create({ data: { slug: `hs-${randomUUID().slice(0, 8)}`, name: "HubSpot Co", regions: TEST_REGIONS } });
  return { tenant, ...(await connectHubSpot(tenant.id, portalId)) };
}

// A portal connected to an existing tenant. Every portal gets the same app secret: one HubSpot app
// serves all the portals it is installed in.
export async function connectHubSpot(tenantId: string, portalId = randomPortalId()) {
  const connection = await db.crmConnection.create({
    data: {
      tenantId, provider: "HUBSPOT", externalOrgId: portalId, instanceUrl: "http://127.0.0.1:9",
      clientId: "candor-hubspot-app", clientSecretEnc: encryptSecret(APP_SECRET), installedAt: new Date(),
    },
  });
  return { connection, portalId };
}

export async function makeLinkedUser(t: { tenant: { id: string }; portalId: string }, role: string, region: string | null, hubspotUserId: string) {
  const user = await makeUser(t.tenant.id, role, region, `${role} ${hubspotUserId}`);
  await db.crmIdentity.create({
    data: { tenantId: t.tenant.id, userId: user.id, provider: "HUBSPOT", externalOrgId: t.portalId, externalUserId: hubspotUserId, email: user.email },
  });
  return user;
}

export async function makeHubSpotRecord(tenantId: string, opts: { externalId: string; ownerUserId: string | null; region: string; scored: boolean; objectType?: string }) {
  const record = await db.crmRecord.create({
    data: {
      tenantId, provider: "HUBSPOT", objectType: opts.objectType ?? "contact", externalId: opts.externalId, name: "Ada Lovelace",
      ownerUserId: opts.ownerUserId, region: opts.region, fields: { email: "ada@example.com" },
      crmCreatedAt: new Date(), crmUpdatedAt: new Date(), lastSyncedAt: new Date(),
    },
  });
  if (!opts.scored) return { record, score: null };
  const model = await db.modelVersion.upsert({
    where: { tenantId_version: { tenantId, version: "contact-test-1" } },
    update: {},
    create: {
      tenantId, version: "contact-test-1", algorithm: "gbdt", status: "ACTIVE", objectType: "contact", target: "converted", windowDays: 90,
      features: [], params: {}, metrics: {}, trainingFrom: new Date("2026-01-01"), trainingTo: new Date("2026-06-01"), trainedBy: "test",
    },
  });
  const score = await db.score.create({
    data: {
      tenantId, recordId: record.id, modelVersionId: model.id, value: 72, band: "A", probability: 0.72, baseValue: -1.2, inputSnapshot: {},
      reasons: {
        create: [
          { tenantId, feature: "pricing_page_visits_7d", direction: "POSITIVE", contribution: 0.9, points: 12, text: "Visited the pricing page 4 times in 7 days", rank: 1 },
          { tenantId, feature: "email_replies_30d", direction: "POSITIVE", contribution: 0.4, points: 6, text: "Replied to 2 emails this month", rank: 2 },
          { tenantId, feature: "meetings_30d", direction: "POSITIVE", contribution: 0.1, points: 2, text: "Booked a meeting", rank: 3 },
          { tenantId, feature: "days_since_last_touch", direction: "NEGATIVE", contribution: -0.5, points: -9, text: "No touch in 21 days", rank: 4 },
        ],
      },
    },
  });
  return { record, score };
}

// A request as HubSpot sends it to Candor's public URL; `path` is what reaches the route.
export function hubspotRequest(
  path: string,
  init: { method?: "GET" | "POST"; body?: unknown; rawBody?: string; secret?: string; timestamp?: number; signature?: string | null; publicBase?: string } = {},
): Request {
  const method = init.method ?? "POST";
  const body = init.rawBody ?? (init.body === undefined ? "" : JSON.stringify(init.body));
  const signed = signedRequest({
    clientSecret: init.secret ?? APP_SECRET, method, url: `${init.publicBase ?? env.PUBLIC_BASE_URL}${path}`, body, now: init.timestamp,
  });
  const headers = new Headers(signed.headers);
  if (init.signature === null) headers.delete("X-HubSpot-Signature-v3");
  else if (init.signature !== undefined) headers.set("X-HubSpot-Signature-v3", init.signature);
  // Next sees the internal origin, not the public one HubSpot signed.
  return new Request(`http://127.0.0.1:3000${path}`, { method, headers, body: method === "GET" ? undefined : body });
}

// What hubspot.fetch sends: the viewer appended to the card's configured URL and signed with it.
export function cardFetchRequest(
  path: string,
  viewer: { portalId: string | number; userId: string | number; userEmail: string },
  body: Record<string, unknown>,
  init: Parameters<typeof hubspotRequest>[1] = {},
): Request {
  const query = new URLSearchParams({ userId: String(viewer.userId), userEmail: viewer.userEmail, appId: "1000001", portalId: String(viewer.portalId) });
  return hubspotRequest(`${path}${path.includes("?") ? "&" : "?"}${query}`, { body, ...init });
}

export async function read(res: Response) {
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, headers: res.headers, json: type.includes("json") && text ? JSON.parse(text) : null, text };
}
