import { z } from "zod";
import { CAPABILITIES, CAPABILITY_INFO, PII_MODES, SCOPES, TENANT_SCOPES, type Capability } from "./capabilities";

// One schema per resource of the matrix editor, shared by the routes, the editor's forms and the
// stored versions (a stored document that fails it is a bug, never silently used).

export const RoleKey = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{1,39}$/, "Upper-case letters, digits and _ (2–40), starting with a letter");

const scopesShape = Object.fromEntries(
  CAPABILITIES.map((c) => [c, CAPABILITY_INFO[c].kind === "tenant" ? z.enum(TENANT_SCOPES) : z.enum(SCOPES)]),
) as unknown as Record<Capability, z.ZodEnum<{ [k: string]: string }>>;

export const RoleGrantsSchema = z
  .object({
    pii: z.enum(PII_MODES),
    scopes: z.object(scopesShape).strict(),
  })
  .strict();

export const GrantsSchema = z
  .object({ roles: z.record(RoleKey, RoleGrantsSchema) })
  .strict();

export const SaveMatrixInput = z
  .object({
    // The version the editor started from: a save on top of any other answers 409.
    baseVersion: z.number().int().min(1),
    grants: GrantsSchema,
    reason: z.string().trim().min(3, "Say why, in a few words").max(500),
  })
  .strict();
export type SaveMatrixInput = z.infer<typeof SaveMatrixInput>;

export const RevertInput = z
  .object({
    baseVersion: z.number().int().min(1),
    toVersion: z.number().int().min(1),
    reason: z.string().trim().min(3, "Say why, in a few words").max(500),
  })
  .strict();

export const CreateRoleInput = z
  .object({
    key: RoleKey,
    name: z.string().trim().min(2).max(60),
    description: z.string().trim().max(200).default(""),
    // Clone the grants of an existing role; without it the role starts with nothing.
    cloneFrom: RoleKey.optional(),
    baseVersion: z.number().int().min(1),
    reason: z.string().trim().min(3, "Say why, in a few words").max(500),
  })
  .strict();
export type CreateRoleInput = z.infer<typeof CreateRoleInput>;

export const RegionCode = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_-]{1,15}$/, "Upper-case letters, digits, - and _ (2–16), starting with a letter");

export const RegionInput = z.object({ code: RegionCode, name: z.string().trim().min(2).max(60) }).strict();

export const TeamInput = z
  .object({
    name: z.string().trim().min(2).max(80),
    regionCode: RegionCode.nullable().default(null),
    source: z.enum(["manual", "scim_group", "crm_role"]).default("manual"),
    externalRef: z.string().trim().min(1).max(256).nullable().default(null),
  })
  .strict()
  .refine((t) => t.source === "manual" || t.externalRef !== null, {
    message: "A team linked to a SCIM group or CRM role needs its group name or role id",
    path: ["externalRef"],
  });

export const CheckAccessInput = z
  .object({
    userId: z.uuid(),
    provider: z.enum(["SALESFORCE", "HUBSPOT"]),
    objectType: z.string().trim().min(1).max(40),
    externalId: z.string().trim().min(1).max(64),
  })
  .strict();
