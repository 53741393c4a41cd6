import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { principalFromRequest } from "@/lib/auth/session";
import { assertCapability, type Capability, type Principal } from "@/lib/authz";
import { db, type Tx } from "@/lib/db";
import { AppError, problemResponse } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { sharedLimiter } from "@/lib/rate-limit";
import { currentContext, runWithContext } from "@/lib/request-context";

// The one wrapper every /api route uses: request id → authenticate → tenant from the session →
// named permission → zod (.strict) params/query/body → handler → audit (mutations, same
// transaction) → JSON or problem+json. Handlers never see an unauthenticated request.

type Schema<T> = z.ZodType<T>;

export interface HandlerContext<P, Q, B, A extends boolean> {
  req: Request;
  requestId: string;
  principal: A extends true ? Principal : null;
  params: P;
  query: Q;
  body: B;
  // Mutations run in one transaction with their audit row; reads get the shared client. Inside a
  // mutation, every query must go through tx: the embedded database has a single connection.
  tx: Tx;
  // Lets the handler name the resource it touched when it is only known afterwards.
  audit: { resourceId?: string; details?: Prisma.InputJsonValue };
}

export interface RouteOptions<P, Q, B, R, A extends boolean> {
  authenticate?: A;
  permission?: Capability;
  params?: Schema<P>;
  query?: Schema<Q>;
  body?: Schema<B>;
  maxBodyBytes?: number;
  successStatus?: number;
  // Required for every non-GET route: what the audit log calls this mutation.
  audit?: { action: string; resourceType: string };
  handler: (ctx: HandlerContext<P, Q, B, A>) => Promise<R>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
// Shared by every app node, so a session's budget holds whichever node a request lands on.
const limiter = sharedLimiter({ name: "api-session", points: Math.ceil(env.API_RATE_PER_SESSION * 10), duration: 10 });

function requestIdOf(req: Request): string {
  const incoming = req.headers.get("x-request-id");
  return incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

function parseWith<T>(schema: Schema<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError("validation_failed", `The ${where} is not valid.`, {
    issues: result.error.issues.map((i) => ({
      path: [where, ...i.path.map(String)].join("."),
      message: i.message,
    })),
  });
}

async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
  const buf = await req.arrayBuffer();
  if (buf.byteLength > maxBytes) throw new AppError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
  try {
    return JSON.parse(new TextDecoder().decode(buf));
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
}

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === "P2002") return new AppError("conflict", "That already exists.");
    if (err.code === "P2025") return new AppError("not_found", "No such resource.");
  }
  return null;
}

// What a wrapped handler promises, readable without calling it: the audit-completeness and
// authorization-matrix tests enumerate every route file and check these.
export interface RouteMeta {
  authenticate: boolean;
  permission: Capability | null;
  audit: { action: string; resourceType: string } | null;
}

export function route<P = undefined, Q = undefined, B = undefined, R = unknown, A extends boolean = true>(
  opts: RouteOptions<P, Q, B, R, A>,
) {
  const authenticate = opts.authenticate ?? true;
  const meta: RouteMeta = { authenticate, permission: opts.permission ?? null, audit: opts.audit ?? null };
  return Object.assign(handle, { meta: Object.freeze(meta) });

  async function handle(req: Request, routeCtx?: RouteContext): Promise<Response> {
    const requestId = requestIdOf(req);
    const mutation = req.method !== "GET" && req.method !== "HEAD";
    if (mutation && !opts.audit) throw new Error(`Mutating route ${req.method} ${new URL(req.url).pathname} has no audit action`);
    return runWithContext({ requestId }, async () => {
      let principal: Principal | null = null;
      const url = new URL(req.url);
      try {
        if (authenticate) {
          principal = await principalFromRequest(req);
          const store = currentContext();
          if (store) Object.assign(store, { tenantId: principal.tenantId, userId: principal.userId });
          const budget = await limiter.consume(principal.sessionId);
          if (!budget.ok) {
            throw new AppError("rate_limited", "Too many requests from this session; slow down.", {
              retryAfterSeconds: budget.retryAfterSeconds,
            });
          }
          if (opts.permission) {
            try {
              assertCapability(principal, opts.permission);
            } catch (err) {
              if (mutation && opts.audit) {
                await recordAudit({
                  tenantId: principal.tenantId, actorUserId: principal.userId, actorType: "user",
                  action: opts.audit.action, resourceType: opts.audit.resourceType, outcome: "denied",
                });
              }
              throw err;
            }
          }
        }
        const params = parseWith(opts.params, routeCtx ? await routeCtx.params : {}, "path");
        const query = parseWith(opts.query, Object.fromEntries(url.searchParams), "query");
        const body = opts.body
          ? parseWith(opts.body, await readJson(req, opts.maxBodyBytes ?? 64 * 1024), "body")
          : (undefined as B);

        const run = async (tx: Tx | typeof db) => {
          const ctx: HandlerContext<P, Q, B, A> = {
            req, requestId, principal: principal as HandlerContext<P, Q, B, A>["principal"],
            params, query, body, tx, audit: {},
          };
          const result = await opts.handler(ctx);
          if (mutation && opts.audit) {
            await recordAudit(
              {
                tenantId: principal?.tenantId ?? null, actorUserId: principal?.userId ?? null,
                actorType: principal ? "user" : "system", action: opts.audit.action,
                resourceType: opts.audit.resourceType, resourceId: ctx.audit.resourceId ?? null,
                outcome: "success", details: ctx.audit.details,
              },
              tx,
            );
          }
          return result;
        };
        const result = mutation ? await db.$transaction((tx) => run(tx), { timeout: 15_000, maxWait: 10_000 }) : await run(db);
        if (result instanceof Response) {
          result.headers.set("x-request-id", requestId);
          return result;
        }
        return Response.json(result ?? null, {
          status: opts.successStatus ?? (mutation ? 201 : 200),
          headers: { "x-request-id": requestId, "cache-control": "no-store" },
        });
      } catch (err) {
        const appError = toAppError(err);
        if (appError) {
          if (appError.status >= 500) log.error({ code: appError.code }, "request failed");
          return problemResponse(appError, requestId, url.pathname);
        }
        // Unexpected: log the cause with the request id, return nothing of it.
        log.error({ err }, "unhandled error");
        return problemResponse(new AppError("internal", "Something went wrong. Quote the request id if you contact support."), requestId, url.pathname);
      }
    });
  }
}
