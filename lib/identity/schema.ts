import { z } from "zod";
import { RegionCode, RoleKey } from "@/lib/authz/schema";

// The identity admin's inputs, shared by the /api/v1/admin routes and the admin page's forms.
// Roles, regions and teams are the tenant's reference data (lib/authz): a mapping may only name
// ones that exist.

// Used when a mapping is added without a priority: more privileged roles win ties between groups;
// roles an admin created rank below the built-in ones unless given a priority.
export const DEFAULT_PRIORITY: Record<string, number> = {
  ADMIN: 50,
  COMPLIANCE_OFFICER: 40,
  DATA_SCIENTIST: 30,
  SALES_MANAGER: 20,
  SALES_REP: 10,
};
export const defaultPriority = (role: string) => DEFAULT_PRIORITY[role] ?? 0;

export const UNMATCHED_POLICIES = ["refuse", "least_privilege"] as const;
export type UnmatchedPolicy = (typeof UNMATCHED_POLICIES)[number];

export const MappingInput = z
  .object({
    groupDisplayName: z.string().trim().min(1).max(256),
    role: RoleKey,
    region: z
      .union([z.literal(""), RegionCode])
      .transform((v) => (v === "" ? null : v))
      .nullable()
      .optional(),
    priority: z.number().int().min(-1000).max(1000).optional(),
  })
  .strict();
export type MappingInput = z.infer<typeof MappingInput>;

export const PolicyInput = z.object({ unmatchedUserPolicy: z.enum(UNMATCHED_POLICIES) }).strict();

export const ScimTokenInput = z.object({ name: z.string().trim().min(1).max(80) }).strict();

export const IdParams = z.object({ id: z.uuid() }).strict();
