import { normalizeId } from "./ids";
import { RecordError, SfError } from "./errors";
import {
  bodyObject,
  externalIdField,
  fieldList,
  recordBody,
  requireSchema,
  upsertOne,
} from "./rest-sobjects";
import type { RestContext, RestRequest, RestResponse } from "./rest-types";
import type { FieldDef, SObjectSchema } from "./schemas";

const MAX_COLLECTION = 200;
const ROLLED_BACK = {
  statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK",
  message: "Record rolled back because not all records were valid and the request was using AllOrNone header",
  fields: [] as string[],
};

interface SaveResult {
  id?: string;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
  created?: boolean;
}

function collectionBody(body: unknown): { allOrNone: boolean; records: Array<Record<string, unknown>> } {
  const obj = bodyObject(body);
  if (!Array.isArray(obj.records)) {
    throw new SfError(400, "JSON_PARSER_ERROR", "The request body must contain a 'records' array");
  }
  if (obj.records.length > MAX_COLLECTION) {
    throw new SfError(400, "EXCEEDED_ID_LIMIT", `record limit reached. cannot submit more than ${MAX_COLLECTION} records into this call`);
  }
  return { allOrNone: obj.allOrNone === true, records: obj.records.map(bodyObject) };
}

function recordSchema(ctx: RestContext, record: Record<string, unknown>, fallback?: SObjectSchema): SObjectSchema {
  const attrs = record.attributes as { type?: unknown } | undefined;
  const type = typeof attrs?.type === "string" ? attrs.type : fallback?.name;
  if (!type) throw new SfError(400, "JSON_PARSER_ERROR", "Each record must have an attributes map with a type");
  return requireSchema(ctx.store, type, 400);
}

function withoutId(record: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k.toLowerCase() !== "id"));
}

/**
 * Saves each record in order. Deserialization problems (unknown field, wrong JSON type) reject the
 * whole request first; save problems fail only their record, unless allOrNone rolls everything back.
 */
function saveAll(ctx: RestContext, allOrNone: boolean, jobs: Array<() => { id: string; created?: boolean }>): SaveResult[] {
  ctx.store.begin();
  let results: SaveResult[];
  try {
    results = jobs.map((job) => {
      try {
        const { id, created } = job();
        return created === undefined ? { id, success: true, errors: [] } : { id, success: true, errors: [], created };
      } catch (err) {
        if (!(err instanceof RecordError)) throw err;
        return { ...(err.id ? { id: err.id } : {}), success: false, errors: [err.toSaveError()] };
      }
    });
  } catch (err) {
    ctx.store.rollback();
    throw err;
  }
  if (allOrNone && results.some((r) => !r.success)) {
    ctx.store.rollback();
    return results.map((r) => (r.success ? { ...(r.id ? { id: r.id } : {}), success: false, errors: [ROLLED_BACK], ...(r.created === undefined ? {} : { created: false }) } : r));
  }
  ctx.store.commit();
  return results;
}

function createMany(ctx: RestContext, req: RestRequest): SaveResult[] {
  const { allOrNone, records } = collectionBody(req.body);
  const prepared = records.map((record) => {
    const schema = recordSchema(ctx, record);
    const hasId = Object.keys(record).some((k) => k.toLowerCase() === "id");
    return { schema, hasId, values: ctx.store.deserialize(schema, withoutId(record)) };
  });
  return saveAll(ctx, allOrNone, prepared.map((p) => () => {
    if (p.hasId) throw new RecordError("INVALID_FIELD", "cannot specify Id in an insert call", ["Id"]);
    return { id: ctx.store.insert(p.schema, p.values, ctx.userId) };
  }));
}

function updateMany(ctx: RestContext, req: RestRequest): SaveResult[] {
  const { allOrNone, records } = collectionBody(req.body);
  const prepared = records.map((record) => {
    const schema = recordSchema(ctx, record);
    const rawId = Object.entries(record).find(([k]) => k.toLowerCase() === "id")?.[1];
    return { schema, rawId, values: ctx.store.deserialize(schema, withoutId(record)) };
  });
  return saveAll(ctx, allOrNone, prepared.map((p) => () => {
    if (typeof p.rawId !== "string" || p.rawId === "") throw new RecordError("MISSING_ARGUMENT", "Id not specified in an update call", []);
    const row = ctx.store.requireRow(p.schema, p.rawId);
    const id = row.Id as string;
    try {
      ctx.store.update(p.schema, id, p.values, ctx.userId);
    } catch (err) {
      if (err instanceof RecordError) throw new RecordError(err.statusCode, err.message, err.fields, id);
      throw err;
    }
    return { id };
  }));
}

function upsertMany(ctx: RestContext, req: RestRequest, typeName: string, fieldName: string): SaveResult[] {
  const schema = requireSchema(ctx.store, typeName, 400);
  const def: FieldDef | undefined = externalIdField(schema, fieldName);
  if (!def) throw new SfError(400, "INVALID_FIELD", `Field name provided, ${fieldName} is not an External ID or indexed field for ${schema.name}`);
  const { allOrNone, records } = collectionBody(req.body);
  const keys = records.map((r) => Object.entries(r).find(([k]) => k.toLowerCase() === def.name.toLowerCase())?.[1]);
  const seen = new Map<string, number>();
  for (const k of keys) if (typeof k === "string") seen.set(k.toLowerCase(), (seen.get(k.toLowerCase()) ?? 0) + 1);
  records.forEach((r) => {
    recordSchema(ctx, r, schema);
    ctx.store.deserialize(schema, r);
  });
  return saveAll(ctx, allOrNone, records.map((record, i) => () => {
    const key = keys[i];
    if (typeof key !== "string" || key === "") throw new RecordError("MISSING_ARGUMENT", `${def.name} not specified`, []);
    if ((seen.get(key.toLowerCase()) ?? 0) > 1) throw new RecordError("DUPLICATE_EXTERNAL_ID", `Duplicate external id specified: ${key}`, [def.name]);
    return upsertOne(ctx, schema, def, key, record);
  })).map((r) => ({ ...r, created: r.created ?? false }));
}

function deleteMany(ctx: RestContext, req: RestRequest): SaveResult[] {
  const ids = (req.query.get("ids") ?? "").split(",").filter((s) => s !== "");
  if (ids.length > MAX_COLLECTION) {
    throw new SfError(400, "EXCEEDED_ID_LIMIT", `record limit reached. cannot submit more than ${MAX_COLLECTION} records into this call`);
  }
  return saveAll(ctx, req.query.get("allOrNone") === "true", ids.map((raw) => () => {
    const found = ctx.store.getAny(raw);
    if (!found) throw new RecordError(normalizeId(raw) ? "ENTITY_IS_DELETED" : "MALFORMED_ID", normalizeId(raw) ? "entity is deleted" : `bad id ${raw}`, []);
    const schema = requireSchema(ctx.store, found.type, 400);
    ctx.store.remove(schema, raw);
    return { id: found.row.Id as string };
  }));
}

function retrieveMany(ctx: RestContext, req: RestRequest, typeName: string): RestResponse {
  const schema = requireSchema(ctx.store, typeName, 400);
  const body = req.method === "POST" ? bodyObject(req.body) : {};
  const ids = req.method === "POST" ? body.ids : (req.query.get("ids") ?? "").split(",");
  const fieldsSpec = req.method === "POST" ? (Array.isArray(body.fields) ? body.fields.join(",") : null) : req.query.get("fields");
  if (!Array.isArray(ids) || !fieldsSpec) throw new SfError(400, "JSON_PARSER_ERROR", "ids and fields are required");
  const fields = fieldList(schema, fieldsSpec);
  const rows = ids.map((id) => {
    const row = typeof id === "string" ? ctx.store.get(schema.name, id) : undefined;
    return row ? recordBody(schema, row, req.version, fields) : null;
  });
  return { status: 200, body: rows };
}

export function handleCollections(ctx: RestContext, req: RestRequest): RestResponse {
  const [, , type, field] = req.segments;
  if (type && field) {
    if (req.method !== "PATCH") throw new SfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${req.method}' not allowed. Allowed are PATCH`);
    return { status: 200, body: upsertMany(ctx, req, type, field) };
  }
  if (type) {
    if (req.method !== "GET" && req.method !== "POST") throw new SfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${req.method}' not allowed. Allowed are GET,POST`);
    return retrieveMany(ctx, req, type);
  }
  switch (req.method) {
    case "POST":
      return { status: 200, body: createMany(ctx, req) };
    case "PATCH":
      return { status: 200, body: updateMany(ctx, req) };
    case "DELETE":
      return { status: 200, body: deleteMany(ctx, req) };
    default:
      throw new SfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${req.method}' not allowed. Allowed are DELETE,PATCH,POST`);
  }
}
