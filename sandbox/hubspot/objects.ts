import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxContext } from "./context.js";
import { notFound } from "./errors.js";
import {
  boolParam,
  createInputSchema,
  limitParam,
  listParam,
  pageSlice,
  parseWith,
  propertiesSchema,
  readJson,
  resolveCreateAssociations,
  withAssociations,
} from "./http-util.js";
import { requireObjectType, type ObjectType } from "./object-types.js";
import type { CrmStore, StoredObject } from "./store.js";

const updateInputSchema = z.object({ properties: propertiesSchema, objectWriteTraceId: z.string().optional() });

export function createObject(
  store: CrmStore,
  type: ObjectType,
  input: z.infer<typeof createInputSchema>,
): StoredObject {
  const values = store.normalize(type, input.properties, "create");
  const associations = resolveCreateAssociations(store, type, input.associations);
  store.checkUnique(type, values);
  return store.create(type, values, { associations });
}

export function registerObjectRoutes(app: Hono, ctx: SandboxContext): void {
  const { store } = ctx;
  const base = "/crm/v3/objects/:objectType";

  app.get(base, (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const limit = limitParam(c.req.query("limit"), 10, 100);
    const props = listParam(c, "properties");
    const assoc = listParam(c, "associations");
    const { page, next } = pageSlice(store.all(type, boolParam(c, "archived")), c.req.query("after"), limit);
    const results = page.map((o) => withAssociations(store, o, store.serialize(o, props), assoc));
    const url = new URL(c.req.url);
    if (next) url.searchParams.set("after", next);
    return c.json(next ? { results, paging: { next: { after: next, link: url.toString() } } } : { results });
  });

  app.post(base, async (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const input = parseWith(createInputSchema, await readJson(c));
    const obj = createObject(store, type, input);
    return c.json(store.serialize(obj, undefined, Object.keys(input.properties)), 201);
  });

  app.get(`${base}/:objectId`, (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const obj = store.get(type, c.req.param("objectId"), { idProperty: c.req.query("idProperty"), archived: boolParam(c, "archived") });
    if (!obj) throw notFound();
    return c.json(withAssociations(store, obj, store.serialize(obj, listParam(c, "properties")), listParam(c, "associations")));
  });

  app.patch(`${base}/:objectId`, async (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const input = parseWith(updateInputSchema, await readJson(c));
    const obj = store.require(type, c.req.param("objectId"), { idProperty: c.req.query("idProperty") });
    const values = store.normalize(type, input.properties, "update");
    store.checkUnique(type, values, obj.id);
    store.update(obj, values);
    return c.json(store.serialize(obj, undefined, Object.keys(input.properties)));
  });

  app.delete(`${base}/:objectId`, (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const obj = store.get(type, c.req.param("objectId"));
    // HubSpot answers 204 for an id that is already gone, so archive is idempotent.
    if (obj) store.archive(obj);
    return c.body(null, 204);
  });
}
