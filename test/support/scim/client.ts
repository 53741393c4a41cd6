// A SCIM client for tests, over any transport: the real server over HTTP (e2e/scim-*.spec.ts,
// through next start and its /scim/v2 rewrite) or the route handlers in-process
// (./in-process.ts). Every SCIM body that comes back is checked against scimmy (resources, list
// responses and errors alike). Test-only.
import { assertValidScimBody } from "./scimmy-validate";

export type ScimMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

// Sends one request to the path under the SCIM base (e.g. "/Users?filter=…").
export type ScimTransport = (method: ScimMethod, pathAndQuery: string, init: { headers: Record<string, string>; body?: string }) => Promise<Response>;

export interface ScimReply {
  status: number;
  headers: Headers;
  // Tests read arbitrary SCIM JSON; typing every shape would only restate the assertions.
  json: any;
}

export interface ScimCallOptions {
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  token?: string | null;
}

// The IdP's view: the public base URL it was configured with.
export const overHttp =
  (scimBaseUrl: string): ScimTransport =>
  (method, pathAndQuery, init) =>
    fetch(`${scimBaseUrl}${pathAndQuery}`, { method, headers: init.headers, body: init.body });

function expectScimMediaType(res: Response) {
  const type = res.headers.get("content-type") ?? "";
  if (!type.startsWith("application/scim+json")) throw new Error(`SCIM answered with content-type '${type}'`);
}

export function makeScimClient(defaultToken: string, transport: ScimTransport) {
  async function call(method: ScimMethod, pathAndQuery: string, opts: ScimCallOptions = {}): Promise<ScimReply> {
    const headers: Record<string, string> = {};
    const token = opts.token === undefined ? defaultToken : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (body !== undefined) headers["content-type"] = opts.contentType ?? "application/scim+json";
    const res = await transport(method, pathAndQuery, { headers, body });
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (json !== null) {
      expectScimMediaType(res);
      assertValidScimBody(json);
    }
    return { status: res.status, headers: res.headers, json };
  }
  return {
    get: (path: string, opts?: ScimCallOptions) => call("GET", path, opts),
    post: (path: string, body: unknown, opts?: ScimCallOptions) => call("POST", path, { ...opts, body }),
    put: (path: string, body: unknown, opts?: ScimCallOptions) => call("PUT", path, { ...opts, body }),
    patch: (path: string, body: unknown, opts?: ScimCallOptions) => call("PATCH", path, { ...opts, body }),
    delete: (path: string, opts?: ScimCallOptions) => call("DELETE", path, opts),
    call,
  };
}

export const filterQuery = (filter: string, extra = "") => `?filter=${encodeURIComponent(filter)}${extra}`;
