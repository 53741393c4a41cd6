import "server-only";
import { decryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { checkTimestamp, SIGNATURE_HEADER, signedUri, TIMESTAMP_HEADER, verifyV3, type SignatureFailure } from "./signature";

// Requests HubSpot makes to Candor (app card fetches, legacy card fetches, webhooks) carry no
// Candor session: the v3 signature with the portal's app secret authenticates them, and the portal
// names the tenant. lib/api.ts calls this for routes declared with `auth: "hubspot"`.

export interface HubSpotCaller {
  connection: { id: string; tenantId: string; externalOrgId: string; clientId: string };
  rawBody: string;
}

export class HubSpotRefusal extends AppError {
  constructor(
    readonly reason: SignatureFailure | "unknown_portal",
    readonly tenantId: string | null,
    detail: string,
  ) {
    super(reason === "unknown_portal" ? "forbidden" : "unauthenticated", detail);
  }
}

const MESSAGES: Record<SignatureFailure, string> = {
  missing: "The request is not signed by HubSpot.",
  stale: "The request's HubSpot timestamp is more than five minutes away from now.",
  bad_signature: "The request's HubSpot signature does not match.",
};

export async function authenticateHubSpot(
  req: Request,
  rawBody: string,
  portalOf: (rawBody: string, url: URL) => string | null,
): Promise<HubSpotCaller> {
  const signature = req.headers.get(SIGNATURE_HEADER);
  const timestamp = req.headers.get(TIMESTAMP_HEADER);
  const early = checkTimestamp(signature, timestamp);
  if (early) throw new HubSpotRefusal(early, null, MESSAGES[early]);
  const portalId = portalOf(rawBody, new URL(req.url));
  // Portal ids are numbers; anything else (from a URL anyone can write) never reaches the database.
  if (!portalId || !/^\d{1,20}$/.test(portalId)) throw new AppError("bad_request", "The request does not say which HubSpot portal it comes from.");
  const conn = await db.crmConnection.findUnique({
    where: { provider_externalOrgId: { provider: "HUBSPOT", externalOrgId: portalId } },
    select: { id: true, tenantId: true, externalOrgId: true, clientId: true, clientSecretEnc: true },
  });
  if (!conn) throw new HubSpotRefusal("unknown_portal", null, "This HubSpot portal is not connected to Candor.");
  const check = verifyV3({
    secret: decryptSecret(conn.clientSecretEnc), method: req.method, uri: signedUri(env.PUBLIC_BASE_URL, req.url),
    body: rawBody, signature, timestamp,
  });
  if (!check.ok) throw new HubSpotRefusal(check.reason, conn.tenantId, MESSAGES[check.reason]);
  return { connection: { id: conn.id, tenantId: conn.tenantId, externalOrgId: conn.externalOrgId, clientId: conn.clientId }, rawBody };
}
