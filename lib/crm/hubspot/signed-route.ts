import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit";
import { decryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, problemResponse } from "@/lib/errors";
import { log } from "@/lib/log";
import { currentContext, runWithContext } from "@/lib/request-context";
import { checkTimestamp, SIGNATURE_HEADER, signedUri, TIMESTAMP_HEADER, verifyV3, type SignatureFailure } from "./signature";

// The wrapper for routes HubSpot calls (app card fetches, legacy CRM card fetches, webhooks). They
// carry no Candor session: HubSpot's v3 signature with the portal's app secret is the
// authentication, and the portal names the tenant. Otherwise it behaves like lib/api.ts: a request
// id, problem+json for every error, refusals audited, nothing of an unexpected error returned.

export interface HubSpotConnectionRef {
  id: string;
  tenantId: string;
  externalOrgId: string;
  clientId: string;
}

export interface SignedContext {
  req: Request;
  url: URL;
  requestId: string;
  rawBody: string;
  connection: HubSpotConnectionRef;
}

export interface SignedRouteOptions {
  // What the audit log calls a refused request to this route.
  action: string;
  maxBodyBytes?: number;
  // The portal the request claims to come from; only used to find whose secret to check against.
  portalOf: (rawBody: string, url: URL) => string | null;
  handler: (ctx: SignedContext) => Promise<Response | unknown>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

const MESSAGES: Record<SignatureFailure, string> = {
  missing: "The request is not signed by HubSpot.",
  stale: "The request's HubSpot timestamp is more than five minutes away from now.",
  bad_signature: "The request's HubSpot signature does not match.",
};

async function readBody(req: Request, maxBytes: number): Promise<string> {
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) throw new AppError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
  const buf = await req.arrayBuffer();
  if (buf.byteLength > maxBytes) throw new AppError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
  return new TextDecoder().decode(buf);
}

async function refuse(action: string, tenantId: string | null, reason: string, status: "unauthenticated" | "forbidden", detail: string): Promise<never> {
  await recordAudit({ tenantId, actorType: "crm", action, resourceType: "hubspot_request", outcome: "denied", details: { reason } });
  throw new AppError(status, detail);
}

async function authenticate(opts: SignedRouteOptions, req: Request, url: URL, rawBody: string): Promise<HubSpotConnectionRef> {
  const signature = req.headers.get(SIGNATURE_HEADER);
  const timestamp = req.headers.get(TIMESTAMP_HEADER);
  const early = checkTimestamp(signature, timestamp);
  if (early) return refuse(opts.action, null, early, "unauthenticated", MESSAGES[early]);
  const portalId = opts.portalOf(rawBody, url);
  if (!portalId) throw new AppError("bad_request", "The request does not say which HubSpot portal it comes from.");
  const conn = await db.crmConnection.findUnique({
    where: { provider_externalOrgId: { provider: "HUBSPOT", externalOrgId: portalId } },
    select: { id: true, tenantId: true, externalOrgId: true, clientId: true, clientSecretEnc: true },
  });
  if (!conn) return refuse(opts.action, null, "unknown_portal", "forbidden", "This HubSpot portal is not connected to Candor.");
  const check = verifyV3({
    secret: decryptSecret(conn.clientSecretEnc), method: req.method, uri: signedUri(env.PUBLIC_BASE_URL, req.url),
    body: rawBody, signature, timestamp,
  });
  if (!check.ok) return refuse(opts.action, conn.tenantId, check.reason, "unauthenticated", MESSAGES[check.reason]);
  const store = currentContext();
  if (store) store.tenantId = conn.tenantId;
  return { id: conn.id, tenantId: conn.tenantId, externalOrgId: conn.externalOrgId, clientId: conn.clientId };
}

export function signedHubSpotRoute(opts: SignedRouteOptions) {
  return async function handle(req: Request): Promise<Response> {
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const url = new URL(req.url);
    return runWithContext({ requestId }, async () => {
      try {
        const rawBody = req.method === "GET" || req.method === "HEAD" ? "" : await readBody(req, opts.maxBodyBytes ?? 256 * 1024);
        const connection = await authenticate(opts, req, url, rawBody);
        const result = await opts.handler({ req, url, requestId, rawBody, connection });
        const res = result instanceof Response ? result : Response.json(result, { headers: { "cache-control": "no-store" } });
        res.headers.set("x-request-id", requestId);
        return res;
      } catch (err) {
        if (err instanceof AppError) {
          if (err.status >= 500) log.error({ code: err.code }, "hubspot request failed");
          return problemResponse(err, requestId, url.pathname);
        }
        log.error({ err }, "unhandled error");
        return problemResponse(new AppError("internal", "Something went wrong. Quote the request id if you contact support."), requestId, url.pathname);
      }
    });
  };
}

// Parses a body that must be JSON; a signed but unreadable body is the sender's mistake (400).
export function parseJson(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody);
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
}
