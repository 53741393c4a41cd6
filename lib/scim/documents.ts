// Discovery documents: /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4).
// `baseUrl` is the absolute SCIM base (…/api/scim/v2) the route derives from the request, so
// `meta.location` points at the deployment that answered.

import type { JsonObject, JsonValue } from "./json";
import { GROUP_RESOURCE, USER_RESOURCE, type ResourceSchema } from "./schemas";
import type { AttributeDefinition, SchemaDefinition } from "./schema-definitions";

export const MAX_RESULTS = 200;

export const SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

export const RESOURCE_SCHEMAS: readonly ResourceSchema[] = [USER_RESOURCE, GROUP_RESOURCE];

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "");
}

export function serviceProviderConfig(baseUrl: string, documentationUri?: string): JsonObject {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    ...(documentationUri ? { documentationUri } : {}),
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication scheme using the OAuth Bearer Token Standard",
        specUri: "https://www.rfc-editor.org/info/rfc6750",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${trimBase(baseUrl)}/ServiceProviderConfig` },
  };
}

export function resourceTypeDocument(schema: ResourceSchema, baseUrl: string): JsonObject {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: schema.name,
    name: schema.name,
    endpoint: schema.endpoint,
    description: schema.description,
    schema: schema.core.id,
    ...(schema.extensions.length
      ? { schemaExtensions: schema.extensions.map((e) => ({ schema: e.schema.id, required: e.required })) }
      : {}),
    meta: { resourceType: "ResourceType", location: `${trimBase(baseUrl)}/ResourceTypes/${schema.name}` },
  };
}

export function resourceTypeDocuments(baseUrl: string): JsonObject[] {
  return RESOURCE_SCHEMAS.map((s) => resourceTypeDocument(s, baseUrl));
}

function describeAttribute(def: AttributeDefinition): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(def)) {
    if (key === "subAttributes") continue;
    out[key] = value as JsonValue;
  }
  if (def.subAttributes) out.subAttributes = def.subAttributes.map(describeAttribute);
  return out;
}

export function schemaDocument(schema: SchemaDefinition, baseUrl: string): JsonObject {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(describeAttribute),
    meta: { resourceType: "Schema", location: `${trimBase(baseUrl)}/Schemas/${schema.id}` },
  };
}

export function schemaDocuments(baseUrl: string): JsonObject[] {
  const seen = new Set<string>();
  const out: JsonObject[] = [];
  for (const resource of RESOURCE_SCHEMAS) {
    for (const schema of [resource.core, ...resource.extensions.map((e) => e.schema)]) {
      if (seen.has(schema.id)) continue;
      seen.add(schema.id);
      out.push(schemaDocument(schema, baseUrl));
    }
  }
  return out;
}
