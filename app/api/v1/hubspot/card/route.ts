import { z } from "zod";
import { apiRecordType } from "@/lib/crm/hubspot/properties";
import { parseJson, signedHubSpotRoute } from "@/lib/crm/hubspot/signed-route";
import { cardFor, legacyCardResponse } from "@/lib/embed/hubspot";
import { AppError } from "@/lib/errors";

// What the HubSpot app card shows. POST: the card's hubspot.fetch; GET: the legacy CRM card's data
// fetch. Both are authenticated by HubSpot's v3 signature (not a Candor session) and name the
// viewer and record; the answer carries a single-use link that opens the panel.

const hubspotId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

const CardBody = z
  .object({
    portalId: hubspotId,
    userId: hubspotId,
    userEmail: z.string().email().max(320),
    objectId: hubspotId,
    objectTypeId: z.string().max(40),
  })
  .strict();

// Legacy cards append the properties they asked for as further query parameters: not an error.
const LegacyQuery = z.object({
  portalId: hubspotId,
  userId: hubspotId,
  userEmail: z.string().email().max(320),
  associatedObjectId: hubspotId,
  associatedObjectType: z.string().max(40),
});

function invalid(where: string, error: z.ZodError): never {
  throw new AppError("validation_failed", `The ${where} is not valid.`, {
    issues: error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join("."), message: i.message })),
  });
}

function recordType(raw: string) {
  const type = apiRecordType(raw);
  if (!type) throw new AppError("validation_failed", "Candor cards show on contacts, companies and deals.");
  return type;
}

function portalFromBody(raw: string): string | null {
  try {
    const value = (JSON.parse(raw) as { portalId?: unknown }).portalId;
    return typeof value === "number" || typeof value === "string" ? String(value) : null;
  } catch {
    return null;
  }
}

export const POST = signedHubSpotRoute({
  action: "embed.hubspot.card",
  maxBodyBytes: 16 * 1024,
  portalOf: (raw, url) => url.searchParams.get("portalId") ?? portalFromBody(raw),
  async handler({ rawBody, url, connection }) {
    const parsed = CardBody.safeParse(parseJson(rawBody));
    if (!parsed.success) invalid("body", parsed.error);
    const body = parsed.data;
    // HubSpot appends the viewer's portal, user and email to hubspot.fetch URLs under its signature;
    // where it did, the card's own body must agree with them.
    for (const name of ["portalId", "userId", "userEmail"] as const) {
      const signed = url.searchParams.get(name);
      if (signed !== null && signed !== body[name]) throw new AppError("forbidden", "The card's request does not match the HubSpot user viewing it.");
    }
    if (body.portalId !== connection.externalOrgId) throw new AppError("forbidden", "The card's request names another HubSpot portal.");
    return cardFor(connection, {
      portalId: body.portalId, userId: body.userId, userEmail: body.userEmail, objectType: recordType(body.objectTypeId), objectId: body.objectId,
    });
  },
});

export const GET = signedHubSpotRoute({
  action: "embed.hubspot.card",
  portalOf: (_raw, url) => url.searchParams.get("portalId"),
  async handler({ url, connection }) {
    const parsed = LegacyQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!parsed.success) invalid("query", parsed.error);
    const q = parsed.data;
    const answer = await cardFor(connection, {
      portalId: q.portalId, userId: q.userId, userEmail: q.userEmail, objectType: recordType(q.associatedObjectType), objectId: q.associatedObjectId,
    });
    return legacyCardResponse(answer, q.associatedObjectId);
  },
});
