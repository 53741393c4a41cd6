import type { Hono } from "hono";
import { z } from "zod";
import type { SandboxContext } from "./context.js";
import type { PropertyDef, PropertyGroupDef, PropertyType } from "./default-properties.js";
import { HsError, notFound, validationError } from "./errors.js";
import { boolParam, parseWith, readJson } from "./http-util.js";
import { requireObjectType, type ObjectType } from "./object-types.js";
import type { CrmStore } from "./store.js";

const TYPES = ["string", "number", "date", "datetime", "enumeration", "bool", "phone_number"] as const;
const FIELD_TYPES = ["textarea", "text", "date", "file", "number", "select", "radio", "checkbox", "booleancheckbox", "calculation_equation", "html", "phonenumber"] as const;

// Which form field types HubSpot accepts for each data type.
const COMPATIBLE: Record<PropertyType, string[]> = {
  string: ["text", "textarea", "html", "phonenumber", "file"],
  number: ["number", "calculation_equation"],
  date: ["date"],
  datetime: ["date"],
  enumeration: ["select", "radio", "checkbox", "booleancheckbox"],
  bool: ["booleancheckbox"],
  phone_number: ["phonenumber"],
};

const optionSchema = z.object({
  label: z.string(),
  value: z.string(),
  description: z.string().optional(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
});
const createSchema = z.object({
  name: z.string().min(1).max(100),
  label: z.string().min(1),
  type: z.enum(TYPES),
  fieldType: z.enum(FIELD_TYPES),
  groupName: z.string().min(1),
  description: z.string().optional(),
  options: z.array(optionSchema).optional(),
  displayOrder: z.number().int().optional(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  externalOptions: z.boolean().optional(),
  calculationFormula: z.string().optional(),
  dataSensitivity: z.string().optional(),
});
const updateSchema = createSchema.omit({ name: true, hasUniqueValue: true }).partial();
const groupSchema = z.object({ name: z.string().min(1), label: z.string().min(1), displayOrder: z.number().int().optional() });

export function serializeProperty(def: PropertyDef) {
  const { readOnlyValue, ...rest } = def;
  return {
    ...rest,
    modificationMetadata: { archivable: !def.hubspotDefined, readOnlyDefinition: def.hubspotDefined === true, readOnlyValue },
    dataSensitivity: "non_sensitive",
  };
}

function serializeGroup(g: PropertyGroupDef) {
  return { name: g.name, label: g.label, displayOrder: g.displayOrder, archived: g.archived };
}

function normalizeOptions(options: z.infer<typeof optionSchema>[] | undefined, type: PropertyType) {
  const list = options ?? (type === "bool" ? [{ label: "Yes", value: "true" }, { label: "No", value: "false" }] : []);
  return list.map((o, i) => ({ label: o.label, value: o.value, description: o.description ?? "", displayOrder: o.displayOrder ?? i, hidden: o.hidden ?? false }));
}

export function createProperty(store: CrmStore, type: ObjectType, input: z.infer<typeof createSchema>): PropertyDef {
  if (!/^[a-z][a-z0-9_]*$/.test(input.name)) {
    throw validationError(`Property name '${input.name}' is invalid: use lowercase letters, numbers and underscores, starting with a letter`);
  }
  if (input.name.startsWith("hs_")) throw validationError(`Property name '${input.name}' uses the reserved prefix hs_`);
  if (store.properties.get(type)!.has(input.name)) {
    throw new HsError(409, "OBJECT_ALREADY_EXISTS", `Property named '${input.name}' already exists.`, { context: { name: [input.name] } });
  }
  if (!store.groups.get(type)!.get(input.groupName) || store.groups.get(type)!.get(input.groupName)!.archived) {
    throw validationError(`Property group ${input.groupName} does not exist for ${type}`);
  }
  if (!COMPATIBLE[input.type].includes(input.fieldType)) {
    throw validationError(`fieldType '${input.fieldType}' is not valid for a property of type '${input.type}'`);
  }
  if (input.type === "enumeration" && !input.externalOptions && (input.options ?? []).length === 0) {
    throw validationError(`Enumeration property '${input.name}' requires options`);
  }
  const now = new Date().toISOString();
  const def: PropertyDef = {
    name: input.name,
    label: input.label,
    type: input.type,
    fieldType: input.fieldType,
    groupName: input.groupName,
    description: input.description ?? "",
    options: normalizeOptions(input.options, input.type),
    displayOrder: input.displayOrder ?? -1,
    calculated: false,
    externalOptions: input.externalOptions ?? false,
    hasUniqueValue: input.hasUniqueValue ?? false,
    hidden: input.hidden ?? false,
    formField: input.formField ?? false,
    readOnlyValue: false,
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
  store.properties.get(type)!.set(def.name, def);
  return def;
}

export function registerPropertyRoutes(app: Hono, ctx: SandboxContext): void {
  const { store } = ctx;
  const base = "/crm/v3/properties/:objectType";

  app.get(`${base}/groups`, (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    return c.json({ results: [...store.groups.get(type)!.values()].filter((g) => !g.archived).map(serializeGroup) });
  });

  app.get(`${base}/groups/:groupName`, (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const g = store.groups.get(type)!.get(c.req.param("groupName"));
    if (!g || g.archived) throw notFound(`Unable to find property group ${c.req.param("groupName")}`);
    return c.json(serializeGroup(g));
  });

  app.post(`${base}/groups`, async (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const input = parseWith(groupSchema, await readJson(c));
    const groups = store.groups.get(type)!;
    const existing = groups.get(input.name);
    if (existing && !existing.archived) throw new HsError(409, "OBJECT_ALREADY_EXISTS", `Property group named '${input.name}' already exists.`);
    const g: PropertyGroupDef = { name: input.name, label: input.label, displayOrder: input.displayOrder ?? -1, archived: false };
    groups.set(g.name, g);
    return c.json(serializeGroup(g), 201);
  });

  app.get(base, (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const archived = boolParam(c, "archived");
    return c.json({ results: [...store.properties.get(type)!.values()].filter((p) => p.archived === archived).map(serializeProperty) });
  });

  app.post(`${base}/batch/read`, async (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const body = parseWith(z.object({ inputs: z.array(z.object({ name: z.string() })), archived: z.boolean().default(false) }), await readJson(c));
    const results = body.inputs.map((i) => store.property(type, i.name)).filter((p): p is PropertyDef => p !== undefined);
    const now = new Date().toISOString();
    return c.json({ status: "COMPLETE", results: results.map(serializeProperty), startedAt: now, completedAt: now });
  });

  app.post(`${base}/batch/create`, async (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const body = parseWith(z.object({ inputs: z.array(createSchema) }), await readJson(c));
    const startedAt = new Date().toISOString();
    const results = body.inputs.map((input) => serializeProperty(createProperty(store, type, input)));
    return c.json({ status: "COMPLETE", results, startedAt, completedAt: new Date().toISOString() }, 201);
  });

  app.get(`${base}/:propertyName`, (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const def = store.properties.get(type)!.get(c.req.param("propertyName"));
    if (!def || def.archived !== boolParam(c, "archived")) throw notFound(`Unable to find property ${c.req.param("propertyName")} on ${type}`);
    return c.json(serializeProperty(def));
  });

  app.post(base, async (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const input = parseWith(createSchema, await readJson(c));
    return c.json(serializeProperty(createProperty(store, type, input)), 201);
  });

  app.patch(`${base}/:propertyName`, async (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const def = store.property(type, c.req.param("propertyName"));
    if (!def) throw notFound(`Unable to find property ${c.req.param("propertyName")} on ${type}`);
    if (def.hubspotDefined) throw validationError(`Property ${def.name} is HubSpot-defined and its definition cannot be changed`);
    const input = parseWith(updateSchema, await readJson(c));
    if (input.groupName && !store.groups.get(type)!.has(input.groupName)) throw validationError(`Property group ${input.groupName} does not exist for ${type}`);
    const { options, ...rest } = input;
    Object.assign(def, rest, options ? { options: normalizeOptions(options, def.type) } : {}, { updatedAt: new Date().toISOString() });
    return c.json(serializeProperty(def));
  });

  app.delete(`${base}/:propertyName`, (c) => {
    const type = requireObjectType(c.req.param("objectType"));
    const def = store.property(type, c.req.param("propertyName"));
    if (!def) throw notFound(`Unable to find property ${c.req.param("propertyName")} on ${type}`);
    if (def.hubspotDefined) throw validationError(`Property ${def.name} is HubSpot-defined and cannot be archived`);
    def.archived = true;
    return c.body(null, 204);
  });
}
