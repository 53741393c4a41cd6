// Resource schemas and the validation/normalisation of incoming User and Group bodies (POST, PUT).
//
// Policy on unknown input, decided once for the whole SCIM surface:
//   - Unknown attributes, unknown sub-attributes and unknown extension URNs in a POST/PUT body are
//     dropped. IdPs build bodies from admin-editable mappings (Okta custom profile fields, Entra
//     custom extensions); rejecting them would fail provisioning for data we would ignore anyway.
//   - readOnly attributes in a body (id, meta, groups, manager.displayName) are ignored, as
//     RFC 7644 §3.3 and §3.5.1 require.
//   - PATCH is stricter (patch.ts): an unknown attribute in a path, or in a key of a path-less
//     value, is a targeted edit we cannot honour, so it is invalidPath rather than a silent no-op.
//     Unknown sub-attributes inside a written value are dropped as above.
// Values are coerced only where a client is known to deviate: booleans sent as "True"/"False"
// (Entra), a single object where an array is expected, and a bare id for a complex attribute with
// a `value` sub-attribute (Entra's manager). Anything else of the wrong type is invalidValue.

import { ScimError } from "./errors";
import { findKey, isJsonObject, isUnassigned, type JsonObject, type JsonValue } from "./json";
import {
  COMMON_ATTRIBUTES,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  USER_SCHEMA,
  type AttributeDefinition,
  type SchemaDefinition,
} from "./schema-definitions";

export * from "./schema-definitions";

export interface SchemaExtension {
  readonly schema: SchemaDefinition;
  readonly required: boolean;
}

export interface ResourceSchema {
  readonly name: "User" | "Group";
  readonly endpoint: string;
  readonly description: string;
  readonly core: SchemaDefinition;
  readonly extensions: readonly SchemaExtension[];
}

export const USER_RESOURCE: ResourceSchema = {
  name: "User",
  endpoint: "/Users",
  description: "User Account",
  core: USER_SCHEMA,
  extensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
};

export const GROUP_RESOURCE: ResourceSchema = {
  name: "Group",
  endpoint: "/Groups",
  description: "Group",
  core: GROUP_SCHEMA,
  extensions: [],
};

export function findAttribute(
  attributes: readonly AttributeDefinition[] | undefined,
  name: string,
): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return attributes?.find((a) => a.name.toLowerCase() === lower);
}

// Attributes addressable without a URN prefix: the core schema plus id/externalId/meta.
export function rootAttributes(schema: ResourceSchema): readonly AttributeDefinition[] {
  return [...COMMON_ATTRIBUTES, ...schema.core.attributes];
}

export function findExtension(schema: ResourceSchema, uri: string): SchemaDefinition | undefined {
  const lower = uri.toLowerCase();
  return schema.extensions.find((e) => e.schema.id.toLowerCase() === lower)?.schema;
}

// The attribute list a URN prefix selects: the core URN is an explicit spelling of the root.
export function attributesForUri(schema: ResourceSchema, uri: string | undefined): readonly AttributeDefinition[] | undefined {
  if (uri === undefined || uri.toLowerCase() === schema.core.id.toLowerCase()) return rootAttributes(schema);
  return findExtension(schema, uri)?.attributes;
}

function fail(scimType: "invalidValue" | "invalidSyntax" | "mutability", detail: string): never {
  throw new ScimError(scimType, detail);
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function coerceScalar(def: AttributeDefinition, value: JsonValue, where: string): JsonValue {
  switch (def.type) {
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
      return fail("invalidValue", `Attribute '${where}' must be a boolean`);
    case "integer":
      if (typeof value === "number" && Number.isInteger(value)) return value;
      return fail("invalidValue", `Attribute '${where}' must be an integer`);
    case "decimal":
      if (typeof value === "number" && Number.isFinite(value)) return value;
      return fail("invalidValue", `Attribute '${where}' must be a number`);
    case "dateTime":
      if (typeof value === "string" && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return value;
      return fail("invalidValue", `Attribute '${where}' must be an xsd:dateTime string`);
    case "binary":
      if (typeof value === "string" && BASE64.test(value)) return value;
      return fail("invalidValue", `Attribute '${where}' must be base64 text`);
    default:
      if (typeof value === "string") return value;
      return fail("invalidValue", `Attribute '${where}' must be a string`);
  }
}

function coerceComplex(def: AttributeDefinition, value: JsonValue, where: string): JsonObject | undefined {
  const hasValueSub = def.subAttributes?.some((s) => s.name === "value");
  if (!isJsonObject(value)) {
    if (hasValueSub && (typeof value === "string" || typeof value === "number" || typeof value === "boolean")) {
      return coerceComplex(def, { value }, where);
    }
    return fail("invalidValue", `Attribute '${where}' must be an object`);
  }
  const out: JsonObject = {};
  for (const [key, raw] of Object.entries(value)) {
    const sub = findAttribute(def.subAttributes, key);
    if (!sub || sub.mutability === "readOnly" || raw === undefined) continue;
    const coerced = coerceAttribute(sub, raw, `${where}.${sub.name}`);
    if (coerced !== undefined) out[sub.name] = coerced;
  }
  return Object.keys(out).length ? out : undefined;
}

// Returns undefined for an unassigned value (null, "", [] or an object of nulls), which callers
// treat as "attribute absent" per RFC 7643 §2.5.
export function coerceAttribute(def: AttributeDefinition, value: JsonValue, where: string = def.name): JsonValue | undefined {
  if (value === null) return undefined;
  if (def.multiValued) {
    const items = Array.isArray(value) ? value : [value];
    const single: AttributeDefinition = { ...def, multiValued: false };
    const out = items.map((item) => coerceAttribute(single, item, where)).filter((v): v is JsonValue => v !== undefined);
    if (def.type === "complex" && out.filter((v) => isJsonObject(v) && v.primary === true).length > 1) {
      fail("invalidValue", `At most one value of '${where}' may be primary`);
    }
    return out.length ? out : undefined;
  }
  if (Array.isArray(value)) return fail("invalidValue", `Attribute '${where}' is single-valued`);
  const coerced = def.type === "complex" ? coerceComplex(def, value, where) : coerceScalar(def, value, where);
  return coerced === undefined || isUnassigned(coerced) ? undefined : coerced;
}

function coerceInto(target: JsonObject, attributes: readonly AttributeDefinition[], key: string, raw: JsonValue, prefix = ""): void {
  const def = findAttribute(attributes, key);
  if (!def || def.mutability === "readOnly") return;
  const value = coerceAttribute(def, raw, prefix + def.name);
  if (value !== undefined) target[def.name] = value;
}

export type ValidateOptions = { mode: "create" } | { mode: "replace"; existing?: JsonObject };

function validateSchemas(input: JsonObject, schema: ResourceSchema): void {
  const key = findKey(input, "schemas");
  if (key === undefined) return;
  const schemas = input[key];
  if (!Array.isArray(schemas) || !schemas.every((s) => typeof s === "string")) {
    fail("invalidSyntax", "'schemas' must be an array of URIs");
  }
  if (!schemas.some((s) => s.toLowerCase() === schema.core.id.toLowerCase())) {
    fail("invalidSyntax", `'schemas' must include ${schema.core.id}`);
  }
}

// Splits `urn:…:enterprise:2.0:User:employeeNumber` into its extension and attribute name.
function splitQualified(schema: ResourceSchema, key: string): { ext?: SchemaDefinition; attr: string } | undefined {
  const lower = key.toLowerCase();
  if (lower.startsWith(schema.core.id.toLowerCase() + ":")) return { attr: key.slice(schema.core.id.length + 1) };
  for (const { schema: ext } of schema.extensions) {
    if (lower.startsWith(ext.id.toLowerCase() + ":")) return { ext, attr: key.slice(ext.id.length + 1) };
  }
  return undefined;
}

function checkImmutable(out: JsonObject, existing: JsonObject, attributes: readonly AttributeDefinition[]): void {
  for (const def of attributes) {
    if (def.mutability !== "immutable" || def.multiValued) continue;
    const before = existing[findKey(existing, def.name) ?? def.name];
    if (before !== undefined && before !== null && JSON.stringify(before) !== JSON.stringify(out[def.name])) {
      fail("mutability", `Attribute '${def.name}' is immutable`);
    }
  }
}

export function validateResource(input: unknown, schema: ResourceSchema, options: ValidateOptions): JsonObject {
  if (!isJsonObject(input)) return fail("invalidSyntax", `The request body must be a ${schema.name} object`);
  validateSchemas(input, schema);
  const root = rootAttributes(schema);
  const out: JsonObject = {};
  const extensions = new Map<SchemaDefinition, JsonObject>();
  const extensionTarget = (ext: SchemaDefinition): JsonObject => {
    const existing = extensions.get(ext);
    if (existing) return existing;
    const created: JsonObject = {};
    extensions.set(ext, created);
    return created;
  };

  for (const [key, raw] of Object.entries(input)) {
    if (raw === undefined || key.toLowerCase() === "schemas") continue;
    const ext = findExtension(schema, key);
    if (ext) {
      if (raw === null) continue;
      if (!isJsonObject(raw)) fail("invalidValue", `'${ext.id}' must be an object`);
      for (const [subKey, subRaw] of Object.entries(raw)) {
        coerceInto(extensionTarget(ext), ext.attributes, subKey, subRaw, `${ext.id}:`);
      }
      continue;
    }
    const qualified = splitQualified(schema, key);
    if (qualified?.ext) coerceInto(extensionTarget(qualified.ext), qualified.ext.attributes, qualified.attr, raw, `${qualified.ext.id}:`);
    else coerceInto(out, root, qualified?.attr ?? key, raw);
  }

  for (const def of schema.core.attributes) {
    if (def.required && out[def.name] === undefined) fail("invalidValue", `Required attribute '${def.name}' is missing`);
  }
  if (options.mode === "replace" && options.existing) checkImmutable(out, options.existing, root);

  const schemas: JsonValue[] = [schema.core.id];
  for (const { schema: ext, required } of schema.extensions) {
    const data = extensions.get(ext);
    if (data && Object.keys(data).length) {
      out[ext.id] = data;
      schemas.push(ext.id);
    } else if (required) {
      fail("invalidValue", `Required extension '${ext.id}' is missing`);
    }
  }
  return { schemas, ...out };
}

export interface ScimUser extends JsonObject {
  schemas: string[];
  userName: string;
}

export interface ScimGroup extends JsonObject {
  schemas: string[];
  displayName: string;
}

export function validateUser(input: unknown, options: ValidateOptions): ScimUser {
  return validateResource(input, USER_RESOURCE, options) as ScimUser;
}

export function validateGroup(input: unknown, options: ValidateOptions): ScimGroup {
  return validateResource(input, GROUP_RESOURCE, options) as ScimGroup;
}
