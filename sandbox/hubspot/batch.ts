import type { Context, Hono } from "hono";
import { z } from "zod";
import type { SandboxContext } from "./context.js";
import { HsError, validationError } from "./errors.js";
import { createInputSchema, idSchema, parseWith, propertiesSchema, readJson, resolveCreateAssociations } from "./http-util.js";
import { requireObjectType, singular, type ObjectType } from "./object-types.js";
import type { AssociationInput, PublicObject, StoredObject } from "./store.js";

export const MAX_BATCH_INPUTS = 100;

const readSchema = z.object({
  inputs: z.array(z.object({ id: idSchema })),
  properties: z.array(z.string()).default([]),
  propertiesWithHistory: z.array(z.string()).optional(),
  idProperty: z.string().optional(),
});
const updateSchema = z.object({
  inputs: z.array(z.object({ id: idSchema, idProperty: z.string().optional(), properties: propertiesSchema, objectWriteTraceId: z.string().optional() })),
});
const upsertSchema = z.object({
  inputs: z.array(z.object({ id: idSchema, idProperty: z.string(), properties: propertiesSchema, objectWriteTraceId: z.string().optional() })),
});
const createSchema = z.object({ inputs: z.array(createInputSchema) });
const archiveSchema = z.object({ inputs: z.array(z.object({ id: idSchema })) });

interface BatchError {
  status: "error";
  category: string;
  message: string;
  context: Record<string, string[]>;
}

function checkSize(inputs: unknown[]): void {
  if (inputs.length > MAX_BATCH_INPUTS) {
    throw validationError(
      `The maximum number of inputs supported in a batch request is ${MAX_BATCH_INPUTS}. Please reduce the number of items and try again`,
    );
  }
}

function checkDuplicates(ids: string[]): void {
  const seen = new Set<string>();
  const dupes = ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  if (dupes.length > 0) throw validationError(`Duplicate IDs found in batch input: [${[...new Set(dupes)].join(", ")}]. IDs must be unique`);
}

function missingError(type: ObjectType, ids: string[]): BatchError {
  return {
    status: "error",
    category: "OBJECT_NOT_FOUND",
    message: `Could not get some ${singular(type).toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids },
  };
}

function respond(c: Context, startedAt: string, results: unknown[], errors: BatchError[], okStatus: 200 | 201) {
  const completedAt = new Date().toISOString();
  if (errors.length > 0) {
    return c.json({ status: "COMPLETE", results, numErrors: errors.length, errors, startedAt, completedAt }, 207);
  }
  return c.json({ status: "COMPLETE", results, startedAt, completedAt }, okStatus);
}

export function registerBatchRoutes(app: Hono, ctx: SandboxContext): void {
  const { store } = ctx;
  const base = "/crm/v3/objects/:objectType/batch";

  app.post(`${base}/read`, async (c) => {
    const startedAt = new Date().toISOString();
    const type = requireObjectType(c.req.param("objectType"));
    const body = parseWith(readSchema, await readJson(c));
    checkSize(body.inputs);
    const found: PublicObject[] = [];
    const missing: string[] = [];
    for (const id of new Set(body.inputs.map((i) => i.id))) {
      const obj = store.get(type, id, { idProperty: body.idProperty });
      if (obj) found.push(store.serialize(obj, body.properties));
      else missing.push(id);
    }
    return respond(c, startedAt, found, missing.length > 0 ? [missingError(type, missing)] : [], 200);
  });

  app.post(`${base}/update`, async (c) => {
    const startedAt = new Date().toISOString();
    const type = requireObjectType(c.req.param("objectType"));
    const body = parseWith(updateSchema, await readJson(c));
    checkSize(body.inputs);
    checkDuplicates(body.inputs.map((i) => i.id));
    // Validate everything before writing anything: HubSpot rejects a batch with bad values as a whole.
    const plan: Array<{ obj: StoredObject; values: Map<string, string | null>; names: string[] }> = [];
    const missing: string[] = [];
    for (const input of body.inputs) {
      const values = store.normalize(type, input.properties, "update");
      const obj = store.get(type, input.id, { idProperty: input.idProperty });
      if (!obj) {
        missing.push(input.id);
        continue;
      }
      store.checkUnique(type, values, obj.id);
      plan.push({ obj, values, names: Object.keys(input.properties) });
    }
    const results = plan.map(({ obj, values, names }) => store.serialize(store.update(obj, values), undefined, names));
    return respond(c, startedAt, results, missing.length > 0 ? [missingError(type, missing)] : [], 200);
  });

  app.post(`${base}/upsert`, async (c) => {
    const startedAt = new Date().toISOString();
    const type = requireObjectType(c.req.param("objectType"));
    const body = parseWith(upsertSchema, await readJson(c));
    checkSize(body.inputs);
    checkDuplicates(body.inputs.map((i) => `${i.idProperty}:${i.id}`));
    const plan = body.inputs.map((input) => {
      store.requireUniqueProperty(type, input.idProperty);
      const existing = store.findByUnique(type, input.idProperty, input.id);
      const values = store.normalize(type, { ...input.properties, [input.idProperty]: input.id }, existing ? "update" : "create");
      store.checkUnique(type, values, existing?.id);
      return { existing, values, names: Object.keys(input.properties) };
    });
    const results = plan.map(({ existing, values, names }) => {
      const obj = existing ? store.update(existing, values) : store.create(type, values);
      return { ...store.serialize(obj, undefined, names), new: !existing };
    });
    return respond(c, startedAt, results, [], 200);
  });

  app.post(`${base}/create`, async (c) => {
    const startedAt = new Date().toISOString();
    const type = requireObjectType(c.req.param("objectType"));
    const body = parseWith(createSchema, await readJson(c));
    checkSize(body.inputs);
    const plan: Array<{ values: Map<string, string | null>; associations: AssociationInput[]; names: string[] }> = [];
    const claimed = new Map<string, number>();
    body.inputs.forEach((input, index) => {
      const values = store.normalize(type, input.properties, "create");
      const associations = resolveCreateAssociations(store, type, input.associations);
      store.checkUnique(type, values);
      for (const [name, value] of values) {
        if (value === null || !store.isUnique(type, name)) continue;
        const key = `${name}:${value.toLowerCase()}`;
        if (claimed.has(key)) throw new HsError(409, "CONFLICT", `Inputs ${claimed.get(key)} and ${index} both set ${name}=${JSON.stringify(value)}`);
        claimed.set(key, index);
      }
      plan.push({ values, associations, names: Object.keys(input.properties) });
    });
    const results = plan.map(({ values, associations, names }) => store.serialize(store.create(type, values, { associations }), undefined, names));
    return respond(c, startedAt, results, [], 201);
  });

  app.post(`${base}/archive`, async (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const body = parseWith(archiveSchema, await readJson(c));
    checkSize(body.inputs);
    for (const { id } of body.inputs) {
      const obj = store.get(type, id);
      if (obj) store.archive(obj);
    }
    return c.body(null, 204);
  });
}
