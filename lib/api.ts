import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { recordAudit, type AuditInput } from "@/lib/audit";
import { principalFromRequest } from "@/lib/auth/session";
import { assertCapability, type Capability, type Principal } from "@/lib/authz";
import { authenticateHubSpot, HubSpotRefusal, type HubSpotCaller } from "@/lib/crm/hubspot/authenticate";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { parseJsonText, parseWith, readBody, readText, requestIdOf, type BodyFormat } from "@/lib/http/input";
import { asScim, errorResponse, knownError, type ErrorFormat } from "@/lib/http/respond";
import { log } from "@/lib/log";
import { clientIp } from "@/lib/http/client-ip";
import { entryLimiters, sharedLimiter, type EntryLimitKind } from "@/lib/rate-limit";
import { currentContext, runWithContext } from "@/lib/request-context";
import { toStorable } from "@/lib/storable";
import { authenticateScimToken } from "@/lib/scim/service-tokens";

// The one wrapper every route handler uses. Order: request id → authenticate (the `auth` option
// says how) → tenant from the caller, never from the request → named permission → zod (.strict)
// params / query / body, with strings PostgreSQL cannot store refused → handler → audit row
// (mutations, in the same transaction) → JSON, or an error in the caller's format. Handlers never
// see an unauthenticated request unless they declared `auth: "public"`.
//
// auth:
//   session  a Candor user: the embedded panel's bearer token or the standalone pages' SSO cookie
//   embed    bearer token only          sso     SSO cookie only (writes must be same-origin)
//   hubspot  HubSpot's v3 signature; the portal names the tenant (`portalOf` required)
//   scim     a tenant's SCIM bearer token; errors in RFC 7644 form
//   public   nobody yet: entry points that verify their own credential (Canvas, bootstrap codes)

export type AuthKind = "session" | "embed" | "sso" | "hubspot" | "scim" | "public";
type UserAuth = "session" | "embed" | "sso";

export interface ScimCaller {
  tenantId: string;
  tokenId: string;
}

interface Callers {
  session: Principal;
  embed: Principal;
  sso: Principal;
  hubspot: HubSpotCaller;
  scim: ScimCaller;
  public: null;
}

export interface AuditNote {
  resourceId?: string;
  details?: Prisma.InputJsonValue;
  outcome?: AuditInput["outcome"];
  // For routes whose caller is not a user session (public entry points), once they know them.
  tenantId?: string | null;
  actorUserId?: string | null;
}

export interface HandlerContext<P, Q, B, A extends AuthKind> {
  req: Request;
  url: URL;
  requestId: string;
  principal: A extends UserAuth ? Principal : null;
  caller: Callers[A];
  params: P;
  query: Q;
  body: B;
  // Mutations run in one transaction with their audit row; reads get the shared client. Inside a
  // mutation every query must go through tx: the embedded database has a single connection.
  tx: Tx;
  audit: AuditNote;
}

export interface RouteOptions<P, Q, B, R, A extends AuthKind> {
  auth?: A;
  permission?: Capability;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  bodyFormat?: BodyFormat;
  maxBodyBytes?: number;
  // The shape of a successful answer (the OpenAPI document and the response tests read it).
  response?: z.ZodType<R>;
  successStatus?: number;
  errors?: ErrorFormat;
  // Body strings PostgreSQL cannot store (NUL, unpaired surrogates): refused with a 422 naming the
  // field (input from people: the default), or replaced with U+FFFD (data a system sends, which
  // would only be retried if refused: HubSpot's webhook deliveries).
  unstorable?: "refuse" | "replace";
  // Required for every non-GET route: what the audit log calls this mutation.
  audit?: { action: string; resourceType: string };
  // auth "hubspot": the portal the request claims to come from (whose secret to check against).
  portalOf?: (rawBody: string, url: URL) => string | null;
  // For entry points nobody is signed in to yet: budgets per client address ("ip"), per HubSpot
  // portal the request names ("portal", through portalOf) and per Salesforce org it names ("org",
  // through orgOf), shared by every process (lib/rate-limit.ts). Beyond them: 429 and Retry-After
  // in the route's own error format, before any credential is checked. Default: ["ip"] for the
  // auth kinds "public", "hubspot" and "scim", none for signed-in users (they have their session's).
  rateLimit?: EntryLimitKind[];
  orgOf?: (body: B) => string | null;
  handler: (ctx: HandlerContext<P, Q, B, A>) => Promise<R | Response>;
}

// What a wrapped handler promises, readable without calling it: the audit-completeness, fuzz and
// authorization suites enumerate every route file and check these; the OpenAPI document is built
// from them.
export interface RouteMeta {
  auth: AuthKind;
  permission: Capability | null;
  audit: { action: string; resourceType: string } | null;
  params: z.ZodType | null;
  query: z.ZodType | null;
  body: z.ZodType | null;
  bodyFormat: BodyFormat;
  response: z.ZodType | null;
  errors: ErrorFormat;
  rateLimit: EntryLimitKind[];
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const USER_AUTH: ReadonlySet<AuthKind> = new Set(["session", "embed", "sso"]);
const UNSIGNED: ReadonlySet<AuthKind> = new Set(["public", "hubspot", "scim"]);
// Shared by every app node, so a session's budget holds whichever node a request lands on.
const limiter = sharedLimiter({ name: "api-session", points: Math.ceil(env.API_RATE_PER_SESSION * 10), duration: 10 });
const entryBudget = entryLimiters({
  ip: env.ENTRY_RATE_PER_IP_PER_MINUTE, portal: env.ENTRY_RATE_PER_ORG_PER_MINUTE, org: env.ENTRY_RATE_PER_ORG_PER_MINUTE,
});

// Requests from no known address share one budget: without a trusted proxy there is none to tell.
const UNIDENTIFIED = "unidentified";

async function spendEntryBudget(kind: EntryLimitKind, key: string): Promise<void> {
  const decision = await entryBudget.take(kind, key);
  if (!decision.ok) {
    throw new AppError("rate_limited", `Too many requests; try again in ${decision.retryAfterSeconds} s.`, { retryAfterSeconds: decision.retryAfterSeconds });
  }
}

async function authenticate(kind: AuthKind, req: Request, rawBody: () => Promise<string>, portalOf: RouteOptions<never, never, never, never, "hubspot">["portalOf"]) {
  switch (kind) {
    case "session":
      return principalFromRequest(req, "any");
    case "embed":
      return principalFromRequest(req, "bearer");
    case "sso":
      return principalFromRequest(req, "cookie");
    case "scim": {
      const token = req.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
      const caller = token ? await authenticateScimToken(token) : null;
      // No detail: nothing about why (unknown, revoked, malformed) helps anyone but a prober.
      if (!caller) throw new AppError("unauthenticated", "");
      return caller;
    }
    case "hubspot":
      return authenticateHubSpot(req, await rawBody(), portalOf!);
    case "public":
      return null;
  }
}

function tenantOf(caller: Principal | ScimCaller | HubSpotCaller | null): string | null {
  if (!caller) return null;
  if ("connection" in caller) return caller.connection.tenantId;
  return caller.tenantId;
}

export function route<P = undefined, Q = undefined, B = undefined, R = unknown, A extends AuthKind = "session">(
  opts: RouteOptions<P, Q, B, R, A>,
) {
  const auth = (opts.auth ?? "session") as A;
  const errors: ErrorFormat = opts.errors ?? (auth === "scim" ? "scim" : "problem");
  const bodyFormat = opts.bodyFormat ?? "json";
  if (auth === "hubspot" && !opts.portalOf) throw new Error("A route with auth \"hubspot\" needs portalOf");
  // Every route nobody is signed in to yet spends the per-address budget, unless it names its own.
  const limits = opts.rateLimit ?? (UNSIGNED.has(auth) ? ["ip"] : []);
  if (limits.includes("portal") && !opts.portalOf) throw new Error("A route limited per portal needs portalOf");
  if (limits.includes("org") && !opts.orgOf) throw new Error("A route limited per org needs orgOf");
  const meta: RouteMeta = Object.freeze({
    auth, permission: opts.permission ?? null, audit: opts.audit ?? null, params: opts.params ?? null,
    query: opts.query ?? null, body: opts.body ?? null, bodyFormat, response: opts.response ?? null, errors,
    rateLimit: [...limits],
  });
  return Object.assign(handle, { meta });

  async function handle(req: Request, routeCtx?: RouteContext): Promise<Response> {
    const requestId = requestIdOf(req, randomUUID);
    const mutation = req.method !== "GET" && req.method !== "HEAD";
    if (mutation && !opts.audit) throw new Error(`Mutating route ${req.method} ${new URL(req.url).pathname} has no audit action`);
    // A GET that declares an audit action writes too (entry points opening sessions): it runs in a
    // transaction and is audited like a mutation.
    const audited = opts.audit !== undefined;
    return runWithContext({ requestId }, async () => {
      const url = new URL(req.url);
      const maxBytes = opts.maxBodyBytes ?? 64 * 1024;
      let raw: Promise<string> | null = null;
      // HubSpot signs the raw bytes, so they are read once and shared by the check and the parse.
      const rawBody = () => (raw ??= mutation ? readText(req, maxBytes) : Promise.resolve(""));
      let caller: Principal | ScimCaller | HubSpotCaller | null = null;
      const note: AuditNote = {};
      try {
        if (limits.includes("ip")) await spendEntryBudget("ip", clientIp(req.headers, env.TRUSTED_PROXY_HOPS) ?? UNIDENTIFIED);
        if (limits.includes("portal")) {
          const portal = opts.portalOf!(await rawBody(), url);
          if (portal && /^\d{1,20}$/.test(portal)) await spendEntryBudget("portal", portal);
        }
        caller = await authenticate(auth, req, rawBody, opts.portalOf);
        const principal = USER_AUTH.has(auth) ? (caller as Principal) : null;
        const store = currentContext();
        if (store && caller) Object.assign(store, { tenantId: tenantOf(caller), userId: principal?.userId });
        if (principal) {
          const budget = await limiter.consume(principal.sessionId);
          if (!budget.ok) {
            throw new AppError("rate_limited", "Too many requests from this session; slow down.", { retryAfterSeconds: budget.retryAfterSeconds });
          }
          if (opts.permission) assertCapability(principal, opts.permission);
        }
        const params = parseWith(opts.params, routeCtx ? await routeCtx.params : {}, "path");
        const query = parseWith(opts.query, Object.fromEntries(url.searchParams), "query");
        let body = undefined as B;
        if (opts.body) {
          const value = auth === "hubspot" ? parseJsonText(await rawBody()) : await readBody(req, bodyFormat, maxBytes);
          body = parseWith(opts.body, opts.unstorable === "replace" ? toStorable(value) : value, "body");
        }
        if (limits.includes("org")) {
          const org = opts.orgOf!(body);
          if (org) await spendEntryBudget("org", org);
        }

        const run = async (tx: Tx) => {
          const ctx: HandlerContext<P, Q, B, A> = {
            req, url, requestId, params, query, body, tx, audit: note,
            principal: principal as HandlerContext<P, Q, B, A>["principal"],
            caller: caller as Callers[A],
          };
          const result = await opts.handler(ctx);
          if (opts.audit) await recordAudit(auditRow(opts.audit, caller, note, note.outcome ?? "success"), tx);
          return result;
        };
        const result = audited ? await db.$transaction((tx) => run(tx), { timeout: 30_000, maxWait: 10_000 }) : await run(db);
        if (result instanceof Response) {
          result.headers.set("x-request-id", requestId);
          return result;
        }
        return Response.json(result ?? null, {
          status: opts.successStatus ?? (mutation ? 201 : 200),
          headers: { "x-request-id": requestId, "cache-control": "no-store" },
        });
      } catch (err) {
        const known = knownError(err);
        await auditFailure(opts.audit, caller, note, known, err, errors);
        if (known) {
          if (known.status >= 500) log.error({ status: known.status }, "request failed");
          return errorResponse(errors, known, requestId, url.pathname);
        }
        // Unexpected: log the cause with the request id, return nothing of it.
        log.error({ err }, "unhandled error");
        return errorResponse(errors, new AppError("internal", "Something went wrong. Quote the request id if you contact support."), requestId, url.pathname);
      }
    });
  }
}

function auditRow(
  what: { action: string; resourceType: string },
  caller: Principal | ScimCaller | HubSpotCaller | null,
  note: AuditNote,
  outcome: AuditInput["outcome"],
  extra?: Record<string, unknown>,
): AuditInput {
  const principal = caller && "userId" in caller ? caller : null;
  const actorType: AuditInput["actorType"] = principal ? "user" : caller && "tokenId" in caller ? "scim" : caller ? "crm" : "system";
  const details = {
    ...(caller && "tokenId" in caller ? { tokenId: caller.tokenId } : {}),
    ...((note.details as Record<string, unknown> | undefined) ?? {}),
    ...(extra ?? {}),
  };
  return {
    tenantId: note.tenantId !== undefined ? note.tenantId : tenantOf(caller),
    actorUserId: note.actorUserId !== undefined ? note.actorUserId : (principal?.userId ?? null),
    actorType, action: what.action, resourceType: what.resourceType, resourceId: note.resourceId ?? null, outcome,
    details: details as Prisma.InputJsonValue,
  };
}

// Refused and failed mutations are audited too (after the rollback, outside the transaction),
// once Candor knows whose they were; a refused HubSpot signature is audited on any route. Floods
// of unauthenticated or rate-limited calls are not: they would let anyone fill the log.
async function auditFailure(
  what: { action: string; resourceType: string } | undefined,
  caller: Principal | ScimCaller | HubSpotCaller | null,
  note: AuditNote,
  known: ReturnType<typeof knownError>,
  err: unknown,
  errors: ErrorFormat,
): Promise<void> {
  const status = known?.status ?? 500;
  const refusal = err instanceof HubSpotRefusal ? err : null;
  let row: AuditInput;
  if (refusal) {
    row = auditRow(what ?? { action: "hubspot.request", resourceType: "hubspot_request" }, null, { tenantId: refusal.tenantId }, "denied", {
      status, reason: refusal.reason,
    });
    row.actorType = "crm";
  } else {
    const whose = caller !== null || (note.tenantId !== undefined && note.tenantId !== null);
    if (!what || !whose || status === 429) return;
    // The scimType the client was answered with, also when it came from a generic AppError.
    const scimType = known && errors === "scim" ? asScim(known).scimType : undefined;
    row = auditRow(what, caller, note, status === 401 || status === 403 ? "denied" : "failure", {
      status, ...(scimType ? { scimType } : {}),
    });
  }
  await recordAudit(row).catch((auditErr: unknown) => log.error({ err: auditErr }, "failure audit not written"));
}
