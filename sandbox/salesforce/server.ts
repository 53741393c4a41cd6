import { Hono, type Context } from "hono";
import { buildCanvasEnvelope, signCanvasRequest } from "./canvas";
import { SfError } from "./errors";
import type { ApiGate } from "./limits";
import { registerOAuthRoutes, type OAuthDeps, type TokenService } from "./oauth";
import { renderCanvasFrame, renderIndexPage, renderNotFound, renderRecordPage } from "./record-page";
import { apiVersions, dispatchRest, errorResponse } from "./rest-router";
import { registerSetupRoutes } from "./setup";
import type { QueryCursors } from "./rest-query";
import type { RestContext, RestResponse } from "./rest-types";
import type { Row, Store } from "./store";
import { SALESFORCE_API_VERSION } from "../../lib/crm/salesforce/fields";

export interface AppDeps {
  store: Store;
  tokens: TokenService;
  gate: ApiGate;
  cursors: QueryCursors;
  oauth: OAuthDeps;
  orgName: string;
  canvasUrl: string;
}

const JSON_TYPE = "application/json;charset=UTF-8";
const REST_PATH = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/;
const PAGE_SOBJECTS = ["Lead", "Contact", "Account", "Opportunity"];

function restReply(res: RestResponse, limitInfo?: string): Response {
  const headers = new Headers(res.headers);
  if (limitInfo) headers.set("Sforce-Limit-Info", limitInfo);
  if (res.status === 204) return new Response(null, { status: 204, headers });
  headers.set("Content-Type", JSON_TYPE);
  return new Response(JSON.stringify(res.body ?? null), { status: res.status, headers });
}

export function buildApp(deps: AppDeps): Hono {
  const { store, tokens, gate, cursors, oauth } = deps;
  const app = new Hono();

  app.use(async (c, next) => {
    await next();
    gate.record(c.req.method, new URL(c.req.url).pathname, c.res.status);
  });

  registerOAuthRoutes(app, tokens, oauth);

  const versions = () => restReply({ status: 200, body: apiVersions() });
  app.get("/services/data", versions);
  app.get("/services/data/", versions);

  app.all("/services/data/*", async (c) => {
    const url = new URL(c.req.url);
    const m = REST_PATH.exec(url.pathname.replace(/\/$/, ""));
    if (!m?.[1]) return restReply({ status: 404, body: [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }] });
    const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const userId = token ? tokens.authenticate(token) : undefined;
    if (!userId) {
      return restReply({ status: 401, body: [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }] }, gate.limitInfo());
    }
    const admission = gate.admit();
    if (!admission.ok) return restReply({ status: admission.status, body: admission.body }, gate.limitInfo());
    const text = await c.req.text();
    let body: unknown;
    try {
      body = text.trim() === "" ? undefined : JSON.parse(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message : "invalid JSON";
      return restReply({ status: 400, body: [{ message: `Unexpected character in request body: ${reason}`, errorCode: "JSON_PARSER_ERROR" }] }, gate.limitInfo());
    }
    const ctx: RestContext = {
      store,
      cursors,
      userId,
      orgId: oauth.orgId,
      baseUrl: oauth.baseUrl(),
      now: oauth.now,
      apiUsage: () => ({ used: gate.used, limit: gate.limit }),
    };
    let res: RestResponse;
    try {
      res = dispatchRest(ctx, {
        method: c.req.method,
        version: m[1],
        segments: (m[2] ?? "").split("/").filter((s) => s !== "").map(decodeURIComponent),
        query: url.searchParams,
        header: (name) => c.req.header(name),
        body,
      });
    } catch (err) {
      res = errorResponse(err);
    }
    return restReply(res, gate.limitInfo());
  });

  registerSetupRoutes(app, store, deps.orgName);

  const notFound = (c: Context, message: string) => c.html(renderNotFound(message), 404);
  const nameOf = (id: string) => {
    const found = store.getAny(id);
    return found ? String(found.row.Name ?? found.row.Subject ?? found.row.Id) : undefined;
  };
  const users = () => store.rows("User");

  app.get("/", (c) =>
    c.html(
      renderIndexPage({
        orgName: deps.orgName,
        users: users(),
        groups: PAGE_SOBJECTS.map((type) => {
          const schema = store.schema(type);
          if (!schema) throw new Error(`missing schema ${type}`);
          const rows = store.rows(type);
          return { schema, rows: rows.slice(0, 25), total: rows.length };
        }),
      }),
    ),
  );

  /** The record and the viewing user of a page request, or why the page cannot be shown. */
  const pageTarget = (sobject: string, id: string, as: string | undefined) => {
    const schema = store.schema(sobject);
    const row = schema && PAGE_SOBJECTS.includes(schema.name) ? store.get(schema.name, id) : undefined;
    if (!schema || !row) return { error: `No ${sobject} record with id ${id}.` } as const;
    const viewer = oauth.findUser(as ?? String(row.OwnerId));
    if (!viewer) return { error: `No user with id ${as ?? String(row.OwnerId)}.` } as const;
    return { schema, row, viewer } as const;
  };

  app.get("/lightning/r/:sobject/:id/view", (c) => {
    const target = pageTarget(c.req.param("sobject"), c.req.param("id"), c.req.query("as"));
    if ("error" in target) return notFound(c, target.error ?? "");
    const { schema, row, viewer } = target;
    const id = row.Id as string;
    const tasks = store
      .rows("Task")
      .filter((t) => t.WhoId === id || t.WhatId === id)
      .sort((a, b) => String(b.CreatedDate).localeCompare(String(a.CreatedDate)));
    const frame = new URLSearchParams({ sobject: schema.name, id, as: viewer.Id as string });
    return c.html(
      renderRecordPage({ orgName: deps.orgName, viewer, users: users(), nameOf, schema, row, tasks, frameSrc: `/canvas/frame?${frame.toString()}` }),
    );
  });

  app.get("/canvas/frame", (c) => {
    const target = pageTarget(c.req.query("sobject") ?? "", c.req.query("id") ?? "", c.req.query("as"));
    if ("error" in target) return notFound(c, target.error ?? "");
    const { schema, row, viewer } = target;
    const envelope = buildCanvasEnvelope({
      user: viewer as Row,
      orgId: oauth.orgId,
      orgName: deps.orgName,
      consumerKey: oauth.consumerKey,
      canvasUrl: deps.canvasUrl,
      instanceUrl: oauth.baseUrl(),
      accessToken: tokens.issueAccess(viewer.Id as string),
      version: SALESFORCE_API_VERSION,
      sobject: schema.name,
      recordId: row.Id as string,
    });
    return c.html(renderCanvasFrame(deps.canvasUrl, signCanvasRequest(envelope, oauth.consumerSecret)));
  });

  app.notFound((c) => notFound(c, "The page you requested does not exist."));
  app.onError((err, c) => {
    if (!(err instanceof SfError)) console.error("salesforce sandbox: unexpected error", err);
    const res = err instanceof SfError ? err : new SfError(500, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you contact support: 0-sandbox");
    return c.newResponse(JSON.stringify(res.toBody()), res.status as 500, { "Content-Type": JSON_TYPE });
  });
  return app;
}
