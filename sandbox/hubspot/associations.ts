import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxContext } from "./context.js";
import { notFound, validationError } from "./errors.js";
import { associationSpecSchema, idSchema, parseWith, readJson } from "./http-util.js";
import { defaultAssociationType, findAssociationType, OBJECT_TYPE_IDS, requireObjectType, type ObjectType } from "./object-types.js";
import type { CrmStore } from "./store.js";

const batchCreateSchema = z.object({
  inputs: z.array(z.object({ from: z.object({ id: idSchema }), to: z.object({ id: idSchema }), types: z.array(associationSpecSchema).min(1) })),
});
const batchReadSchema = z.object({ inputs: z.array(z.object({ id: idSchema })) });

// v4 reports object ids as numbers, as HubSpot does.
function numericId(id: string): number | string {
  return /^\d+$/.test(id) ? Number(id) : id;
}

function associate(store: CrmStore, from: ObjectType, fromId: string, to: ObjectType, toId: string, specs: z.infer<typeof associationSpecSchema>[]) {
  if (!store.get(from, fromId) || !store.get(to, toId)) throw notFound(`Object not found: ${from} ${fromId} or ${to} ${toId}`);
  for (const spec of specs) {
    if (spec.associationCategory !== "HUBSPOT_DEFINED" || !findAssociationType(from, to, spec.associationTypeId)) {
      throw validationError(`${spec.associationTypeId} (${spec.associationCategory}) is not a valid association type from ${from} to ${to}`);
    }
  }
  for (const spec of specs) store.associate(from, fromId, to, toId, spec.associationTypeId);
  const labels = specs.map((s) => findAssociationType(from, to, s.associationTypeId)?.label).filter((l): l is string => !!l);
  return { fromObjectTypeId: OBJECT_TYPE_IDS[from], fromObjectId: numericId(fromId), toObjectTypeId: OBJECT_TYPE_IDS[to], toObjectId: numericId(toId), labels };
}

function associatedObjects(store: CrmStore, from: ObjectType, id: string, to: ObjectType) {
  const grouped = new Map<string, Array<{ category: string; typeId: number; label: string | null }>>();
  for (const e of store.edgesOf(from, id, to)) {
    const list = grouped.get(e.toId) ?? [];
    list.push({ category: "HUBSPOT_DEFINED", typeId: e.typeId, label: findAssociationType(from, to, e.typeId)?.label ?? null });
    grouped.set(e.toId, list);
  }
  return [...grouped].map(([toId, associationTypes]) => ({ toObjectId: numericId(toId), associationTypes }));
}

export function registerAssociationRoutes(app: Hono, ctx: SandboxContext): void {
  const { store } = ctx;
  const obj = "/crm/v4/objects/:objectType/:objectId/associations";

  app.put(`${obj}/default/:toObjectType/:toObjectId`, (c) => {
    const from = requireObjectType(c.req.param("objectType"));
    const to = requireObjectType(c.req.param("toObjectType"));
    const def = defaultAssociationType(from, to);
    if (!def) throw validationError(`No default association type exists from ${from} to ${to}`);
    const fromId = c.req.param("objectId");
    const toId = c.req.param("toObjectId");
    associate(store, from, fromId, to, toId, [{ associationCategory: "HUBSPOT_DEFINED", associationTypeId: def.typeId }]);
    const now = new Date().toISOString();
    return c.json({
      status: "COMPLETE",
      results: [{ from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: def.typeId } }],
      startedAt: now,
      completedAt: now,
    });
  });

  app.put(`${obj}/:toObjectType/:toObjectId`, async (c) => {
    const from = requireObjectType(c.req.param("objectType"));
    const to = requireObjectType(c.req.param("toObjectType"));
    const specs = parseWith(z.array(associationSpecSchema).min(1), await readJson(c));
    return c.json(associate(store, from, c.req.param("objectId"), to, c.req.param("toObjectId"), specs), 201);
  });

  app.get(`${obj}/:toObjectType`, (c) => {
    const from = requireObjectType(c.req.param("objectType"));
    const to = requireObjectType(c.req.param("toObjectType"));
    const id = c.req.param("objectId");
    if (!store.get(from, id)) throw notFound();
    return c.json({ results: associatedObjects(store, from, id, to) });
  });

  app.delete(`${obj}/:toObjectType/:toObjectId`, (c) => {
    const from = requireObjectType(c.req.param("objectType"));
    const to = requireObjectType(c.req.param("toObjectType"));
    store.dissociate(from, c.req.param("objectId"), to, c.req.param("toObjectId"));
    return c.body(null, 204);
  });

  app.post("/crm/v4/associations/:fromObjectType/:toObjectType/batch/create", async (c) => {
    const from = requireObjectType(c.req.param("fromObjectType"));
    const to = requireObjectType(c.req.param("toObjectType"));
    const body = parseWith(batchCreateSchema, await readJson(c));
    if (body.inputs.length > 2000) throw validationError("The maximum number of inputs supported in a batch request is 2000.");
    const startedAt = new Date().toISOString();
    const results = body.inputs.map((i) => associate(store, from, i.from.id, to, i.to.id, i.types));
    return c.json({ status: "COMPLETE", results, startedAt, completedAt: new Date().toISOString() }, 201);
  });

  app.post("/crm/v4/associations/:fromObjectType/:toObjectType/batch/read", async (c) => {
    const from = requireObjectType(c.req.param("fromObjectType"));
    const to = requireObjectType(c.req.param("toObjectType"));
    const body = parseWith(batchReadSchema, await readJson(c));
    const startedAt = new Date().toISOString();
    const results = body.inputs
      .filter((i) => store.get(from, i.id))
      .map((i) => ({ from: { id: i.id }, to: associatedObjects(store, from, i.id, to) }));
    return c.json({ status: "COMPLETE", results, startedAt, completedAt: new Date().toISOString() });
  });
}
