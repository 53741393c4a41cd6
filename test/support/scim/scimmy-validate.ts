// scimmy as an oracle for what the HTTP server returns. Test-only: production never imports scimmy.
// Every resource is fed through scimmy's own schema classes in the "out" direction; scimmy throws
// on a wrong type or a missing required attribute and silently drops anything its schema does not
// know, so comparing its output with ours (key order aside) catches both.
import { deepStrictEqual } from "node:assert";
import SCIMMY from "scimmy";
import { deepEqual, isJsonObject, type JsonObject, type JsonValue } from "@/lib/scim/json";

// scimmy's typings declare an instance where its runtime takes the schema class.
SCIMMY.Schemas.User.extend(SCIMMY.Schemas.EnterpriseUser as unknown as SCIMMY.Types.Schema, false);

const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

function sorted(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sorted);
  if (!isJsonObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k]!)]));
}

const TYPE_OF_SCHEMA: Record<string, string> = {
  "urn:ietf:params:scim:schemas:core:2.0:User": "User",
  "urn:ietf:params:scim:schemas:core:2.0:Group": "Group",
  "urn:ietf:params:scim:schemas:core:2.0:ResourceType": "ResourceType",
  "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig": "ServiceProviderConfig",
  "urn:ietf:params:scim:schemas:core:2.0:Schema": "Schema",
};

const json = (value: object): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;

// The oracle's view of a resource, or null for a document scimmy only checks (throws on) without
// reproducing it: its ServiceProviderConfig fills in defaults, and /Schemas documents are compared
// attribute by attribute in lib/scim/schemas.test.ts.
function oracleFor(resource: JsonObject): JsonObject | null {
  // `schemas` survives any projection (`attributes=userName` drops meta).
  const schemas = Array.isArray(resource.schemas) ? resource.schemas.map(String) : [];
  const type = Object.entries(TYPE_OF_SCHEMA).find(([id]) => schemas.includes(id))?.[1];
  switch (type) {
    case "User":
      return json(new SCIMMY.Schemas.User(resource, "out"));
    case "Group":
      return json(new SCIMMY.Schemas.Group(resource, "out"));
    case "ResourceType": {
      // scimmy builds meta.location as `${basepath}/${id}`.
      const location = isJsonObject(resource.meta) ? String(resource.meta.location ?? "") : "";
      return json(new SCIMMY.Schemas.ResourceType(resource, location.replace(/\/[^/]+$/, "")));
    }
    case "ServiceProviderConfig":
      new SCIMMY.Schemas.ServiceProviderConfig(resource, "out");
      return null;
    case "Schema":
      return null;
    default:
      throw new Error(`Not a SCIM resource: ${JSON.stringify(resource).slice(0, 200)}`);
  }
}

export function assertScimmyAgrees(resource: JsonObject): void {
  const oracle = oracleFor(resource);
  // Divergence: scimmy always writes meta.resourceType; after `attributes=…` projection RFC 7644
  // §3.9 returns meta (returned: default) only when asked for, as we do.
  if (oracle && resource.meta === undefined) delete oracle.meta;
  if (oracle && !deepEqual(sorted(oracle), sorted(resource))) deepStrictEqual(sorted(resource), sorted(oracle));
}

// Validates any body the server answers with: a single resource, a ListResponse of them, or an
// error message (compared with the body scimmy builds for the same status and scimType).
export function assertValidScimBody(body: unknown): void {
  if (!isJsonObject(body)) throw new Error("SCIM body must be an object");
  const schemas = Array.isArray(body.schemas) ? body.schemas : [];
  if (schemas.includes(LIST)) {
    const list = new SCIMMY.Messages.ListResponse(body as never);
    deepStrictEqual(list.totalResults, body.totalResults);
    deepStrictEqual(list.itemsPerPage, body.itemsPerPage);
    deepStrictEqual(list.startIndex, body.startIndex);
    for (const r of body.Resources as JsonObject[]) assertScimmyAgrees(r);
    return;
  }
  if (schemas.includes(ERROR)) {
    // scimmy knows the statuses RFC 7644 §3.12 lists; 415 (wrong media type) is plain HTTP.
    if (body.status === "415") {
      deepStrictEqual(Object.keys(body).sort(), ["detail", "schemas", "status"]);
      return;
    }
    const cause = {
      status: Number(body.status) as SCIMMY.Messages.ErrorResponse.ValidStatusCodes,
      ...(body.scimType ? { scimType: body.scimType as SCIMMY.Messages.ErrorResponse.ValidScimTypes } : {}),
      ...(body.detail ? { detail: String(body.detail) } : {}),
    };
    deepStrictEqual(sorted(body), sorted(JSON.parse(JSON.stringify(new SCIMMY.Messages.ErrorResponse(cause)))));
    return;
  }
  assertScimmyAgrees(body);
}
