// Calls the /scim/v2 route handlers with real Requests, the way an IdP would reach them through
// the /scim/v2 → /api/scim/v2 rewrite, and checks every SCIM body that comes back against scimmy
// (resources, list responses and errors alike). Test-only.
import { assertValidScimBody } from "@/test/support/scim/scimmy-validate";
import * as groupRoute from "@/app/api/scim/v2/Groups/[id]/route";
import * as groupsRoute from "@/app/api/scim/v2/Groups/route";
import * as resourceTypeRoute from "@/app/api/scim/v2/ResourceTypes/[id]/route";
import * as resourceTypesRoute from "@/app/api/scim/v2/ResourceTypes/route";
import * as schemaRoute from "@/app/api/scim/v2/Schemas/[id]/route";
import * as schemasRoute from "@/app/api/scim/v2/Schemas/route";
import * as configRoute from "@/app/api/scim/v2/ServiceProviderConfig/route";
import * as userRoute from "@/app/api/scim/v2/Users/[id]/route";
import * as usersRoute from "@/app/api/scim/v2/Users/route";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Module = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Handler>>;

const ROUTES: Array<[RegExp, Module]> = [
  [/^\/Users$/, usersRoute as Module],
  [/^\/Users\/(?<id>[^/]+)$/, userRoute as Module],
  [/^\/Groups$/, groupsRoute as Module],
  [/^\/Groups\/(?<id>[^/]+)$/, groupRoute as Module],
  [/^\/ServiceProviderConfig$/, configRoute as Module],
  [/^\/Schemas$/, schemasRoute as Module],
  [/^\/Schemas\/(?<id>[^/]+)$/, schemaRoute as Module],
  [/^\/ResourceTypes$/, resourceTypesRoute as Module],
  [/^\/ResourceTypes\/(?<id>[^/]+)$/, resourceTypeRoute as Module],
];

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

function expectScimMediaType(res: Response) {
  const type = res.headers.get("content-type") ?? "";
  if (!type.startsWith("application/scim+json")) throw new Error(`SCIM answered with content-type '${type}'`);
}

export function scimClient(defaultToken: string) {
  async function call(method: keyof Module, pathAndQuery: string, opts: ScimCallOptions = {}): Promise<ScimReply> {
    const url = new URL(`http://localhost/api/scim/v2${pathAndQuery}`);
    const path = url.pathname.slice("/api/scim/v2".length);
    const hit = ROUTES.find(([re]) => re.test(path));
    if (!hit) throw new Error(`No SCIM route for ${path}`);
    const handler = hit[1][method];
    if (!handler) throw new Error(`No ${method} on ${path}`);
    const params = Object.fromEntries(Object.entries(hit[0].exec(path)?.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    const headers: Record<string, string> = {};
    const token = opts.token === undefined ? defaultToken : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const payload = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (payload !== undefined) headers["content-type"] = opts.contentType ?? "application/scim+json";
    const res = await handler(new Request(url, { method, headers, body: payload }), { params: Promise.resolve(params) });
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
