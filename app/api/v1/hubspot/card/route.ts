import { z } from "zod";
import { route } from "@/lib/api";
import { apiRecordType } from "@/lib/crm/hubspot/properties";
import { cardFor, legacyCardResponse } from "@/lib/embed/hubspot";
import { AppError } from "@/lib/errors";

// What the HubSpot app card shows. POST: the card's hubspot.fetch; GET: the legacy CRM card's data
// fetch. Both are authenticated by HubSpot's v3 signature (not a Candor session) over the URL, to
// which HubSpot appends the viewer's portalId, userId and userEmail. Who is asking is taken from
// those signed parameters only: the card's body is the card's own code talking, and a body naming
// another user must not open that user's session.

const hubspotId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform(String);

// The viewer, as HubSpot signed it. Further parameters (appId; a legacy card's requested
// properties) are not an error.
const SignedViewer = z.object({
  portalId: hubspotId,
  userId: hubspotId,
  userEmail: z.string().email().max(320),
});

const CardBody = z
  .object({
    portalId: hubspotId.optional(),
    userId: hubspotId.optional(),
    userEmail: z.string().email().max(320).optional(),
    objectId: hubspotId,
    objectTypeId: z.string().max(40),
  })
  .strict();

const LegacyQuery = SignedViewer.extend({
  associatedObjectId: hubspotId,
  associatedObjectType: z.string().max(40),
});

function recordType(raw: string) {
  const type = apiRecordType(raw);
  if (!type) throw new AppError("validation_failed", "Candor cards show on contacts, companies and deals.");
  return type;
}

export const POST = route({
  auth: "hubspot",
  maxBodyBytes: 16 * 1024,
  portalOf: (_raw, url) => url.searchParams.get("portalId"),
  rateLimit: ["ip", "portal"],
  query: SignedViewer,
  body: CardBody,
  audit: { action: "embed.hubspot.card", resourceType: "crm_record" },
  successStatus: 200,
  async handler({ tx, body, query: viewer, caller: { connection }, audit }) {
    // The card may repeat who it runs for; if it does, it must agree with what HubSpot signed.
    for (const name of ["portalId", "userId", "userEmail"] as const) {
      if (body[name] !== undefined && body[name] !== viewer[name]) throw new AppError("forbidden", "The card's request does not match the HubSpot user viewing it.");
    }
    if (viewer.portalId !== connection.externalOrgId) throw new AppError("forbidden", "The card's request names another HubSpot portal.");
    return cardFor(tx, connection, { ...viewer, objectType: recordType(body.objectTypeId), objectId: body.objectId }, audit);
  },
});

export const GET = route({
  auth: "hubspot",
  portalOf: (_raw, url) => url.searchParams.get("portalId"),
  rateLimit: ["ip", "portal"],
  query: LegacyQuery,
  audit: { action: "embed.hubspot.card", resourceType: "crm_record" },
  async handler({ tx, query: q, caller: { connection }, audit }) {
    const answer = await cardFor(tx, connection, {
      portalId: q.portalId, userId: q.userId, userEmail: q.userEmail, objectType: recordType(q.associatedObjectType), objectId: q.associatedObjectId,
    }, audit);
    return legacyCardResponse(answer, q.associatedObjectId);
  },
});
