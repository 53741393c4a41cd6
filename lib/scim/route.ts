import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { currentContext, runWithContext } from "@/lib/request-context";
import { ScimError, toScimErrorBody } from "./errors";
import type { JsonObject } from "./json";
import { authenticateScimToken } from "./service-tokens";

// The one wrapper for /scim/v2 route handlers. Not lib/api.ts: SCIM clients authenticate with a
// per-tenant bearer token (not a user session) and expect RFC 7644 error bodies, not
// problem+json. Order: request id → token → tenant → body (size, media type, JSON) → handler →
// audit (mutations, same transaction) → application/scim+json.

export const SCIM_MEDIA_TYPE = "application/scim+json";
export const SCIM_MAX_BODY_BYTES = 1024 * 1024;

export interface ScimContext<P> {
  req: Request;
  url: URL;
  requestId: string;
  tenantId: string;
  tokenId: string;
  params: P;
  body: unknown;
  // Absolute base for meta.location and $ref: what the IdP was configured with.
  baseUrl: string;
  // Mutations run in one transaction with their audit row; reads get the shared client.
  tx: Tx;
  audit: { resourceId?: string; details?: Prisma.InputJsonValue };
}

export interface ScimResult {
  status?: number;
  body?: JsonObject | null;
  location?: string;
}

export interface ScimRouteOptions<P> {
  // Required for every non-GET route.
  audit?: { action: string; resourceType: string };
  maxBodyBytes?: number;
  handler: (ctx: ScimContext<P>) => Promise<ScimResult>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export const scimBaseUrl = () => `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}/scim/v2`;

function respond(status: number, body: unknown, requestId: string, extra: Record<string, string> = {}): Response {
  const headers: Record<string, string> = { "x-request-id": requestId, "cache-control": "no-store", ...extra };
  if (body === null || body === undefined) return new Response(null, { status, headers });
  headers["content-type"] = `${SCIM_MEDIA_TYPE}; charset=utf-8`;
  return new Response(JSON.stringify(body), { status, headers });
}

async function readBody(req: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new ScimError(undefined, `The request body is larger than ${maxBytes} bytes`, 413);
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(scim\+)?json\s*(;|$)/i.test(type)) {
    throw new ScimError(undefined, `Send the body as ${SCIM_MEDIA_TYPE}`, 415);
  }
  const buf = await req.arrayBuffer();
  if (buf.byteLength > maxBytes) throw new ScimError(undefined, `The request body is larger than ${maxBytes} bytes`, 413);
  try {
    return JSON.parse(new TextDecoder().decode(buf));
  } catch {
    throw new ScimError("invalidSyntax", "The request body is not valid JSON");
  }
}

function toScimError(err: unknown): ScimError | null {
  if (err instanceof ScimError) return err;
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === "P2002") return new ScimError("uniqueness", "A resource with that unique attribute already exists");
    if (err.code === "P2025") return new ScimError(undefined, "Resource not found", 404);
  }
  return null;
}

export function scimRoute<P = Record<string, string>>(opts: ScimRouteOptions<P>) {
  return async function handle(req: Request, routeCtx?: RouteContext): Promise<Response> {
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming) ? incoming : randomUUID();
    const mutation = req.method !== "GET" && req.method !== "HEAD";
    const url = new URL(req.url);
    if (mutation && !opts.audit) throw new Error(`Mutating SCIM route ${req.method} ${url.pathname} has no audit action`);
    return runWithContext({ requestId }, async () => {
      const header = req.headers.get("authorization");
      const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
      const caller = token ? await authenticateScimToken(token) : null;
      if (!caller) {
        // No detail: nothing about why (unknown, revoked, malformed) helps anyone but a prober.
        return respond(401, toScimErrorBody(new ScimError(undefined, "", 401)), requestId, {
          "www-authenticate": 'Bearer realm="candor-scim"',
        });
      }
      const store = currentContext();
      if (store) store.tenantId = caller.tenantId;
      const params = (routeCtx ? await routeCtx.params : {}) as P;
      let auditResourceId: string | undefined;
      try {
        const body = mutation && req.method !== "DELETE" ? await readBody(req, opts.maxBodyBytes ?? SCIM_MAX_BODY_BYTES) : undefined;
        const run = async (tx: Tx) => {
          const ctx: ScimContext<P> = {
            req, url, requestId, tenantId: caller.tenantId, tokenId: caller.tokenId, params, body,
            baseUrl: scimBaseUrl(), tx, audit: {},
          };
          const result = await opts.handler(ctx);
          auditResourceId = ctx.audit.resourceId;
          if (mutation && opts.audit) {
            await recordAudit(
              {
                tenantId: caller.tenantId, actorType: "scim", action: opts.audit.action,
                resourceType: opts.audit.resourceType, resourceId: ctx.audit.resourceId ?? null, outcome: "success",
                details: { tokenId: caller.tokenId, ...((ctx.audit.details as object | undefined) ?? {}) },
              },
              tx,
            );
          }
          return result;
        };
        const result = mutation
          ? await db.$transaction((tx) => run(tx), { timeout: 30_000, maxWait: 10_000 })
          : await run(db);
        const status = result.status ?? 200;
        return respond(status, result.body ?? null, requestId, result.location ? { location: result.location } : {});
      } catch (err) {
        const scimError = toScimError(err);
        if (mutation && opts.audit) {
          await recordAudit({
            tenantId: caller.tenantId, actorType: "scim", action: opts.audit.action, resourceType: opts.audit.resourceType,
            resourceId: auditResourceId ?? (typeof (params as Record<string, unknown>).id === "string" ? String((params as Record<string, unknown>).id) : null),
            outcome: "failure",
            details: { tokenId: caller.tokenId, status: scimError?.status ?? 500, ...(scimError?.scimType ? { scimType: scimError.scimType } : {}) },
          }).catch((auditErr: unknown) => log.error({ err: auditErr }, "scim failure audit not written"));
        }
        if (scimError) {
          if (scimError.status >= 500) log.error({ status: scimError.status }, "scim request failed");
          return respond(scimError.status, toScimErrorBody(scimError), requestId);
        }
        log.error({ err }, "unhandled scim error");
        return respond(500, toScimErrorBody(err), requestId);
      }
    });
  };
}
