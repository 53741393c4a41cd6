import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { registerAssociationRoutes } from "./associations.js";
import { registerBatchRoutes } from "./batch.js";
import type { SandboxContext } from "./context.js";
import { HsError, OAuthError } from "./errors.js";
import { registerObjectRoutes } from "./objects.js";
import { bearerAuth, registerOAuthRoutes } from "./oauth.js";
import { registerOwnerRoutes } from "./owners.js";
import { registerPropertyRoutes } from "./properties.js";
import { registerRecordPageRoutes } from "./record-page.js";
import { registerSearchRoutes } from "./search.js";

export function createApp(ctx: SandboxContext): Hono {
  // strict: false because the SDK calls some collections with a trailing slash (/crm/v3/owners/).
  const app = new Hono({ strict: false });
  // Requests an injected fault answered, so the log can tell them from HubSpot's own refusals.
  const injected = new WeakSet<Request>();

  app.use("*", async (c, next) => {
    await next();
    ctx.log.push({ method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, at: Date.now(), ...(injected.has(c.req.raw) ? { injected: true } : {}) });
  });

  // OAuth endpoints sit outside this gate: HubSpot neither authenticates nor rate-limits them.
  const auth = bearerAuth(ctx);
  app.use("/crm/*", auth, async (c, next) => {
    const decision = ctx.limiter.take(ctx.opts.portalId);
    const chaos = ctx.chaos && ctx.chaos.random() < ctx.chaos.rate ? ctx.chaos.failures[Math.floor(ctx.chaos.random() * ctx.chaos.failures.length)] : undefined;
    const fault = ctx.failures.shift() ?? chaos;
    if (fault) {
      injected.add(c.req.raw);
      const extra = fault.status === 429 ? { policyName: "TEN_SECONDLY_ROLLING" } : {};
      const headers = fault.retryAfterSeconds ? { ...decision.headers, "Retry-After": String(fault.retryAfterSeconds) } : decision.headers;
      throw new HsError(fault.status, fault.category, fault.message, extra, headers);
    }
    await next();
    for (const [name, value] of Object.entries(decision.headers)) c.res.headers.set(name, value);
    c.res.headers.set("X-HubSpot-Correlation-Id", randomUUID());
  });

  registerOAuthRoutes(app, ctx);
  registerSearchRoutes(app, ctx);
  registerBatchRoutes(app, ctx);
  registerObjectRoutes(app, ctx);
  registerPropertyRoutes(app, ctx);
  registerAssociationRoutes(app, ctx);
  registerOwnerRoutes(app, ctx);
  registerRecordPageRoutes(app, ctx);

  app.notFound((c) =>
    c.json({ status: "error", message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}`, correlationId: randomUUID(), category: "OBJECT_NOT_FOUND" }, 404),
  );

  app.onError((err, c) => {
    if (err instanceof HsError) {
      return c.json(err.body, err.status as ContentfulStatusCode, { ...err.headers, "X-HubSpot-Correlation-Id": err.body.correlationId });
    }
    if (err instanceof OAuthError) return c.json(err.toBody(), err.status as ContentfulStatusCode);
    console.error("[hubspot-sandbox] unexpected error", err);
    return c.json({ status: "error", message: "An internal error occurred.", correlationId: randomUUID(), category: "INTERNAL_ERROR" }, 500);
  });

  return app;
}
