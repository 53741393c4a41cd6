import { handleCollections } from "./composite";
import { handleComposite } from "./composite-request";
import { notFound, SfError } from "./errors";
import { handleQuery } from "./rest-query";
import { handleSObjects } from "./rest-sobjects";
import type { RestContext, RestRequest, RestResponse } from "./rest-types";

// v31.0 was Summer '14; since then every release (Winter, Spring, Summer) adds one version.
export function releaseOf(version: string): { season: "WINTER" | "SPRING" | "SUMMER"; label: string } {
  const k = Math.floor(Number(version)) - 31;
  const season = (["Summer", "Winter", "Spring"] as const)[((k % 3) + 3) % 3] ?? "Summer";
  const year = 14 + Math.floor((k + 2) / 3);
  return { season: season.toUpperCase() as "WINTER" | "SPRING" | "SUMMER", label: `${season} '${year}` };
}

export function apiVersions(latest = 63): Array<{ label: string; url: string; version: string }> {
  const out = [];
  for (let v = 31; v <= latest; v++) {
    out.push({ label: releaseOf(`${v}.0`).label, url: `/services/data/v${v}.0`, version: `${v}.0` });
  }
  return out;
}

function resources(ctx: RestContext, version: string) {
  const base = `/services/data/v${version}`;
  const names = ["sobjects", "query", "queryAll", "composite", "limits", "search", "recent", "tooling", "ui-api"];
  return {
    ...Object.fromEntries(names.map((n) => [n, `${base}/${n}`])),
    identity: `${ctx.baseUrl}/id/${ctx.orgId}/${ctx.userId}`,
  };
}

function limits(ctx: RestContext) {
  const { used, limit } = ctx.apiUsage();
  return {
    DailyApiRequests: { Max: limit, Remaining: Math.max(0, limit - used) },
    DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
    DataStorageMB: { Max: 1024, Remaining: 1024 },
  };
}

export function dispatchRest(ctx: RestContext, req: RestRequest): RestResponse {
  const [head, second] = req.segments;
  switch (head) {
    case undefined:
      return { status: 200, body: resources(ctx, req.version) };
    case "limits":
      return { status: 200, body: limits(ctx) };
    case "sobjects":
      return handleSObjects(ctx, req);
    case "query":
    case "queryAll":
      return handleQuery(ctx, req);
    case "composite":
      if (second === undefined) return handleComposite(ctx, req, dispatchRest);
      if (second === "sobjects") return handleCollections(ctx, req);
      throw notFound();
    default:
      throw notFound();
  }
}

export function errorResponse(err: unknown): RestResponse {
  if (err instanceof SfError) return { status: err.status, body: err.toBody() };
  throw err;
}
