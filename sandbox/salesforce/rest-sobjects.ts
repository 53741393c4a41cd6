import { KEY_PREFIXES, normalizeId, sobjectTypeForId } from "./ids";
import { notFound, RecordError, SfError } from "./errors";
import type { RestContext, RestRequest, RestResponse } from "./rest-types";
import { isLongText, type FieldDef, type SObjectSchema } from "./schemas";
import type { Row, Store } from "./store";

const allowed = (method: string, methods: string) =>
  new SfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${method}' not allowed. Allowed are ${methods}`);

export function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SfError(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of sObject from the request body: expected a JSON object");
  }
  return body as Record<string, unknown>;
}

export function requireSchema(store: Store, type: string, status = 404): SObjectSchema {
  const schema = store.schema(type);
  if (schema) return schema;
  throw status === 404
    ? notFound()
    : new SfError(status, "INVALID_TYPE", `sObject type '${type}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
}

export function recordBody(schema: SObjectSchema, row: Row, version: string, fields?: FieldDef[]): Row {
  const out: Row = { attributes: { type: schema.name, url: `/services/data/v${version}/sobjects/${schema.name}/${String(row.Id)}` } };
  for (const def of fields ?? schema.fields) out[def.name] = row[def.name] ?? null;
  return out;
}

export function fieldList(schema: SObjectSchema, spec: string | null): FieldDef[] | undefined {
  if (spec === null || spec.trim() === "") return undefined;
  return spec.split(",").map((name) => {
    const def = schema.byLowerName.get(name.trim().toLowerCase());
    if (!def) throw new SfError(400, "INVALID_FIELD", `No such column '${name.trim()}' on entity '${schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    return def;
  });
}

function withoutKey(body: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => k.toLowerCase() !== key.toLowerCase()));
}

/** Upsert through an external id field (or Id), shared by the single-record and collection endpoints. */
export function upsertOne(ctx: RestContext, schema: SObjectSchema, def: FieldDef, value: string, body: Record<string, unknown>): { id: string; created: boolean } {
  const { store } = ctx;
  const matches = store.findByField(schema, def, value);
  if (matches.length > 1) {
    throw new SfError(300, "MULTIPLE_CHOICES", `Multiple records found for ${def.name} = ${value}`);
  }
  const values = store.deserialize(schema, withoutKey(withoutKey(body, def.name), "Id"));
  const match = matches[0];
  if (match) {
    store.update(schema, match.Id as string, values, ctx.userId);
    return { id: match.Id as string, created: false };
  }
  if (def.type === "id") throw notFound();
  values.set(def, value);
  return { id: store.insert(schema, values, ctx.userId), created: true };
}

export function externalIdField(schema: SObjectSchema, name: string): FieldDef | undefined {
  const def = schema.byLowerName.get(name.toLowerCase());
  return def && (def.externalId || def.type === "id") ? def : undefined;
}

function describe(schema: SObjectSchema, version: string) {
  const base = `/services/data/v${version}/sobjects/${schema.name}`;
  return {
    name: schema.name,
    label: schema.label,
    labelPlural: schema.labelPlural,
    keyPrefix: KEY_PREFIXES[schema.name] ?? null,
    custom: false,
    createable: true,
    updateable: true,
    deletable: schema.name !== "User",
    queryable: true,
    retrieveable: true,
    searchable: true,
    urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
    childRelationships: [],
    recordTypeInfos: [],
    fields: schema.fields.map((d) => ({
      name: d.name,
      label: d.label,
      type: d.type,
      soapType: d.type === "id" || d.type === "reference" ? "tns:ID" : `xsd:${d.type === "datetime" ? "dateTime" : d.type === "int" || d.type === "boolean" || d.type === "date" ? d.type : ["double", "currency", "percent"].includes(d.type) ? "double" : "string"}`,
      length: d.length ?? 0,
      precision: d.precision ?? 0,
      scale: d.scale ?? 0,
      nillable: !d.required && d.type !== "boolean" && d.type !== "id",
      createable: d.createable,
      updateable: d.updateable,
      calculated: d.calculated === true,
      custom: d.custom === true,
      externalId: d.externalId === true,
      unique: d.unique === true,
      idLookup: d.type === "id" || d.externalId === true,
      filterable: !isLongText(d),
      sortable: !isLongText(d),
      defaultedOnCreate: d.defaultValue !== undefined || ["Id", "CreatedDate", "OwnerId"].includes(d.name),
      defaultValue: d.defaultValue ?? null,
      picklistValues: (d.picklist ?? []).map((v) => ({ active: true, defaultValue: v === d.defaultValue, label: v, value: v, validFor: null })),
      restrictedPicklist: d.restricted === true,
      referenceTo: d.referenceTo ?? [],
      relationshipName: d.relationshipName ?? null,
    })),
  };
}

export function describeGlobal(store: Store, version: string) {
  return {
    encoding: "UTF-8",
    maxBatchSize: 200,
    sobjects: [...store.schemas.values()].map((s) => {
      const { fields: _fields, ...rest } = describe(s, version);
      return rest;
    }),
  };
}

export function handleSObjects(ctx: RestContext, req: RestRequest): RestResponse {
  const { store } = ctx;
  const [, type, second, third, ...rest] = req.segments;
  if (type === undefined) {
    if (req.method !== "GET") throw allowed(req.method, "GET,HEAD");
    return { status: 200, body: describeGlobal(store, req.version) };
  }
  const schema = requireSchema(store, type);
  if (rest.length > 0) throw notFound();
  if (second === undefined) {
    if (req.method === "GET") {
      const { fields: _fields, ...objectDescribe } = describe(schema, req.version);
      return { status: 200, body: { objectDescribe, recentItems: [] } };
    }
    if (req.method !== "POST") throw allowed(req.method, "GET,HEAD,POST");
    const body = bodyObject(req.body);
    const values = store.deserialize(schema, body);
    const id = saveOrThrow(() => store.insert(schema, values, ctx.userId));
    return { status: 201, body: { id, success: true, errors: [] }, headers: { Location: `/services/data/v${req.version}/sobjects/${schema.name}/${id}` } };
  }
  if (second.toLowerCase() === "describe" && third === undefined) {
    if (req.method !== "GET") throw allowed(req.method, "GET,HEAD");
    return { status: 200, body: describe(schema, req.version) };
  }
  if (third !== undefined) return externalIdRoute(ctx, req, schema, second, third);

  const id = normalizeId(second);
  if (!id || sobjectTypeForId(id) !== schema.name) {
    throw new SfError(404, "NOT_FOUND", `Provided external ID field does not exist or is not accessible: ${second}`);
  }
  const row = store.get(schema.name, id);
  if (!row) {
    throw store.isDeleted(id) ? new SfError(404, "ENTITY_IS_DELETED", "entity is deleted") : notFound();
  }
  switch (req.method) {
    case "GET":
      return { status: 200, body: recordBody(schema, row, req.version, fieldList(schema, req.query.get("fields"))) };
    case "PATCH": {
      const body = bodyObject(req.body);
      const bodyId = Object.entries(body).find(([k]) => k.toLowerCase() === "id")?.[1];
      const values = store.deserialize(schema, bodyId === undefined || (typeof bodyId === "string" && normalizeId(bodyId) === id) ? withoutKey(body, "Id") : body);
      saveOrThrow(() => store.update(schema, id, values, ctx.userId));
      return { status: 204 };
    }
    case "DELETE":
      saveOrThrow(() => store.remove(schema, id));
      return { status: 204 };
    default:
      throw allowed(req.method, "GET,HEAD,PATCH,DELETE");
  }
}

function externalIdRoute(ctx: RestContext, req: RestRequest, schema: SObjectSchema, field: string, value: string): RestResponse {
  const def = externalIdField(schema, field);
  if (!def) throw new SfError(404, "NOT_FOUND", `Provided external ID field does not exist or is not accessible: ${field}`);
  if (req.method === "GET" || req.method === "DELETE") {
    const matches = ctx.store.findByField(schema, def, value);
    const row = matches[0];
    if (!row) throw notFound();
    if (matches.length > 1) {
      return { status: 300, body: matches.map((r) => `/services/data/v${req.version}/sobjects/${schema.name}/${String(r.Id)}`) };
    }
    if (req.method === "GET") return { status: 200, body: recordBody(schema, row, req.version, fieldList(schema, req.query.get("fields"))) };
    saveOrThrow(() => ctx.store.remove(schema, row.Id as string));
    return { status: 204 };
  }
  if (req.method !== "PATCH" && req.method !== "POST") throw allowed(req.method, "GET,HEAD,PATCH,DELETE");
  const result = saveOrThrow(() => upsertOne(ctx, schema, def, value, bodyObject(req.body)));
  const body = { id: result.id, success: true, errors: [], created: result.created };
  if (result.created) return { status: 201, body };
  return Number(req.version) >= 46 ? { status: 200, body } : { status: 204 };
}

/** Single-record calls answer a save failure as a 400 carrying the record's error. */
export function saveOrThrow<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RecordError) throw err.toSfError();
    throw err;
  }
}
