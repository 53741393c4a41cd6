// The SCIM route handlers called in-process with real Requests, for integration tests that check
// what Candor stores: the path is matched to the route file under app/api/scim/v2 (the real
// server, its /scim/v2 rewrite included, is driven by e2e/scim-*.spec.ts). Test-only.
import * as groupRoute from "@/app/api/scim/v2/Groups/[id]/route";
import * as groupsRoute from "@/app/api/scim/v2/Groups/route";
import * as resourceTypeRoute from "@/app/api/scim/v2/ResourceTypes/[id]/route";
import * as resourceTypesRoute from "@/app/api/scim/v2/ResourceTypes/route";
import * as schemaRoute from "@/app/api/scim/v2/Schemas/[id]/route";
import * as schemasRoute from "@/app/api/scim/v2/Schemas/route";
import * as configRoute from "@/app/api/scim/v2/ServiceProviderConfig/route";
import * as userRoute from "@/app/api/scim/v2/Users/[id]/route";
import * as usersRoute from "@/app/api/scim/v2/Users/route";
import { makeScimClient, type ScimMethod, type ScimTransport } from "./client";

export { filterQuery, type ScimReply } from "./client";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Module = Partial<Record<ScimMethod, Handler>>;

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

const inProcess: ScimTransport = async (method, pathAndQuery, init) => {
  const url = new URL(`http://localhost/api/scim/v2${pathAndQuery}`);
  const path = url.pathname.slice("/api/scim/v2".length);
  const hit = ROUTES.find(([re]) => re.test(path));
  if (!hit) throw new Error(`No SCIM route for ${path}`);
  const handler = hit[1][method];
  if (!handler) throw new Error(`No ${method} on ${path}`);
  const params = Object.fromEntries(Object.entries(hit[0].exec(path)?.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
  return handler(new Request(url, { method, headers: init.headers, body: init.body }), { params: Promise.resolve(params) });
};

export const scimClient = (token: string) => makeScimClient(token, inProcess);
