import { SfError } from "./errors";
import { bodyObject } from "./rest-sobjects";
import type { RestContext, RestRequest, RestResponse } from "./rest-types";

const MAX_SUBREQUESTS = 25;
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9_]*$/;
const REFERENCE = /@\{([A-Za-z0-9_]+)\.([^}]+)\}/g;
const HALTED = "The transaction was rolled back since another operation in the same transaction failed.";

type Dispatch = (ctx: RestContext, req: RestRequest) => RestResponse;

interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const halted = (referenceId: string, message = HALTED): SubResponse => ({
  body: [{ errorCode: "PROCESSING_HALTED", message }],
  httpHeaders: {},
  httpStatusCode: 400,
  referenceId,
});

/** Reads a path such as "id" or "records[0].Id" out of an earlier subrequest's body. */
function lookup(body: unknown, path: string): unknown {
  let cur: unknown = body;
  for (const part of path.split(".")) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    if (m[1]) cur = (cur as Record<string, unknown> | null | undefined)?.[m[1]];
    for (const idx of (m[2] ?? "").matchAll(/\[(\d+)\]/g)) cur = (cur as unknown[] | null | undefined)?.[Number(idx[1])];
  }
  return cur;
}

class UnresolvedReference extends Error {}

function substitute(value: unknown, results: Map<string, SubResponse>): unknown {
  if (typeof value === "string") {
    return value.replace(REFERENCE, (_all, ref: string, path: string) => {
      const prior = results.get(ref);
      const found = prior && prior.httpStatusCode < 400 ? lookup(prior.body, path) : undefined;
      if (found === undefined || found === null || typeof found === "object") {
        throw new UnresolvedReference(`Invalid reference specified. No value for ${ref}.${path} found in ${ref}. Provided referenceId ('${ref}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`);
      }
      return String(found);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, results));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
  }
  return value;
}

function toSubRequest(url: string, method: string, body: unknown, headers: Record<string, string>): RestRequest {
  const parsed = new URL(url, "http://composite.invalid");
  const m = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/.exec(parsed.pathname.replace(/\/$/, ""));
  if (!m?.[1]) throw new SfError(400, "INVALID_URL", `The URL ${url} is not a valid composite subrequest URL`);
  return {
    method: method.toUpperCase(),
    version: m[1],
    segments: (m[2] ?? "").split("/").filter((s) => s !== "").map(decodeURIComponent),
    query: parsed.searchParams,
    header: (name) => Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1],
    body,
  };
}

interface PendingSub {
  referenceId: string;
  url: string;
  method: string;
  body: unknown;
  headers: Record<string, string>;
}

function runSubrequest(ctx: RestContext, sub: PendingSub, results: Map<string, SubResponse>, dispatch: Dispatch): SubResponse {
  try {
    const url = substitute(sub.url, results) as string;
    const r = dispatch(ctx, toSubRequest(url, sub.method, substitute(sub.body, results), sub.headers));
    return { body: r.body ?? null, httpHeaders: r.headers ?? {}, httpStatusCode: r.status, referenceId: sub.referenceId };
  } catch (err) {
    if (err instanceof UnresolvedReference) return halted(sub.referenceId, err.message);
    if (err instanceof SfError) return { body: err.toBody(), httpHeaders: {}, httpStatusCode: err.status, referenceId: sub.referenceId };
    throw err;
  }
}

export function handleComposite(ctx: RestContext, req: RestRequest, dispatch: Dispatch): RestResponse {
  if (req.method !== "POST") throw new SfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${req.method}' not allowed. Allowed are POST`);
  if (ctx.inComposite) throw new SfError(400, "INVALID_API_INPUT", "Composite requests cannot be nested");
  const body = bodyObject(req.body);
  const subs = body.compositeRequest;
  if (!Array.isArray(subs) || subs.length === 0) {
    throw new SfError(400, "JSON_PARSER_ERROR", "The request body must contain a non-empty 'compositeRequest' array");
  }
  if (subs.length > MAX_SUBREQUESTS) {
    throw new SfError(400, "INVALID_API_INPUT", `Composite API only supports ${MAX_SUBREQUESTS} subrequests per call`);
  }
  const requests: PendingSub[] = subs.map((s) => {
    const sub = bodyObject(s);
    const referenceId = typeof sub.referenceId === "string" ? sub.referenceId : "";
    if (!REFERENCE_ID.test(referenceId)) {
      throw new SfError(400, "INVALID_API_INPUT", `Provided referenceId ('${referenceId}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`);
    }
    if (typeof sub.url !== "string" || typeof sub.method !== "string") {
      throw new SfError(400, "JSON_PARSER_ERROR", "Each subrequest needs method, url and referenceId");
    }
    return { referenceId, url: sub.url, method: sub.method, body: sub.body, headers: (sub.httpHeaders ?? {}) as Record<string, string> };
  });
  const allOrNone = body.allOrNone === true;
  const subCtx: RestContext = { ...ctx, inComposite: true };
  const results = new Map<string, SubResponse>();
  const out: SubResponse[] = [];
  let failed = false;
  ctx.store.begin();
  try {
    for (const sub of requests) {
      const res = failed && allOrNone ? halted(sub.referenceId) : runSubrequest(subCtx, sub, results, dispatch);
      results.set(sub.referenceId, res);
      out.push(res);
      if (res.httpStatusCode >= 400) failed = true;
    }
  } catch (err) {
    ctx.store.rollback();
    throw err;
  }
  if (failed && allOrNone) {
    ctx.store.rollback();
    return { status: 200, body: { compositeResponse: out.map((r) => (r.httpStatusCode < 400 ? halted(r.referenceId) : r)) } };
  }
  ctx.store.commit();
  return { status: 200, body: { compositeResponse: out } };
}
