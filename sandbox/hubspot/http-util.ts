import type { Context } from "hono";
import { z } from "zod";
import { ASSOCIATION_TYPES, findAssociationType, parseObjectType, type ObjectType } from "./object-types.js";
import { HsError, validationError } from "./errors.js";
import type { AssociationInput, CrmStore, PublicObject, StoredObject } from "./store.js";

export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HsError(400, "VALIDATION_ERROR", `Invalid input JSON on line 1: ${(err as Error).message}`);
  }
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  throw validationError(
    `Invalid input JSON: ${issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    issues.map((i) => ({ message: i.message, in: i.path.join("."), code: "INVALID_INPUT" })),
  );
}

/** HubSpot takes repeated `properties=a&properties=b` and also `properties=a,b`. */
export function listParam(c: Context, name: string): string[] {
  return (c.req.queries(name) ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}

export function boolParam(c: Context, name: string): boolean {
  return c.req.query(name) === "true";
}

export const idSchema = z.union([z.string().min(1), z.number()]).transform(String);

export const associationSpecSchema = z.object({
  associationCategory: z.enum(["HUBSPOT_DEFINED", "USER_DEFINED", "INTEGRATOR_DEFINED"]),
  associationTypeId: z.number().int(),
});

export const createAssociationSchema = z.object({
  to: z.object({ id: idSchema }),
  types: z.array(associationSpecSchema).min(1),
});

export const propertiesSchema = z.record(z.string(), z.unknown());

export const createInputSchema = z.object({
  properties: propertiesSchema.default({}),
  associations: z.array(createAssociationSchema).optional(),
  objectWriteTraceId: z.string().optional(),
});

/** The v3 create body names only the type id; the target object type follows from it. */
export function resolveCreateAssociations(
  store: CrmStore,
  type: ObjectType,
  associations: z.infer<typeof createAssociationSchema>[] | undefined,
): AssociationInput[] {
  const out: AssociationInput[] = [];
  for (const a of associations ?? []) {
    for (const t of a.types) {
      if (t.associationCategory !== "HUBSPOT_DEFINED") {
        throw validationError(`association type ${t.associationTypeId} (${t.associationCategory}) is not defined in this portal`);
      }
      const def = ASSOCIATION_TYPES.find((d) => d.from === type && d.typeId === t.associationTypeId);
      if (!def) {
        throw validationError(`${t.associationTypeId} is not a valid association type id for ${type}`, [
          { message: `invalid association type id ${t.associationTypeId} for ${type}`, code: "INVALID_ASSOCIATION_TYPE", in: "associations" },
        ]);
      }
      out.push({ toType: def.to, toId: a.to.id, typeId: t.associationTypeId });
    }
  }
  store.validateAssociations(type, out);
  return out;
}

export function withAssociations(
  store: CrmStore,
  obj: StoredObject,
  serialized: PublicObject,
  requested: string[],
): PublicObject & { associations?: Record<string, { results: Array<{ id: string; type: string }> }> } {
  const associations: Record<string, { results: Array<{ id: string; type: string }> }> = {};
  for (const raw of requested) {
    const toType = parseObjectType(raw);
    if (!toType) continue;
    const results = store.edgesOf(obj.type, obj.id, toType).map((e) => ({
      id: e.toId,
      type: findAssociationType(obj.type, e.toType, e.typeId)?.name ?? String(e.typeId),
    }));
    if (results.length > 0) associations[toType] = { results };
  }
  return Object.keys(associations).length > 0 ? { ...serialized, associations } : serialized;
}

export function pageSlice<T>(items: T[], afterRaw: string | undefined, limit: number): { page: T[]; next?: string } {
  const start = afterRaw === undefined || afterRaw === "" ? 0 : Number(afterRaw);
  if (!Number.isInteger(start) || start < 0) throw validationError(`Invalid after cursor: ${afterRaw}`);
  const page = items.slice(start, start + limit);
  return start + limit < items.length ? { page, next: String(start + limit) } : { page };
}

export function limitParam(raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw validationError(`Invalid limit: ${raw}`);
  return Math.min(n, max);
}
