import { z } from "zod";

// The identity admin's inputs, shared by the /api/v1/admin routes and the admin page's forms.

export const ROLES = ["SALES_REP", "SALES_MANAGER", "DATA_SCIENTIST", "ADMIN", "COMPLIANCE_OFFICER"] as const;
export type RoleName = (typeof ROLES)[number];

export const ROLE_LABELS: Record<RoleName, string> = {
  SALES_REP: "Sales rep",
  SALES_MANAGER: "Sales manager",
  DATA_SCIENTIST: "Data scientist",
  ADMIN: "Admin",
  COMPLIANCE_OFFICER: "Compliance officer",
};

// Used when a mapping is added without a priority: more privileged roles win ties between groups.
export const DEFAULT_PRIORITY: Record<RoleName, number> = {
  ADMIN: 50,
  COMPLIANCE_OFFICER: 40,
  DATA_SCIENTIST: 30,
  SALES_MANAGER: 20,
  SALES_REP: 10,
};

export const UNMATCHED_POLICIES = ["refuse", "least_privilege"] as const;
export type UnmatchedPolicy = (typeof UNMATCHED_POLICIES)[number];

export const MappingInput = z
  .object({
    groupDisplayName: z.string().trim().min(1).max(256),
    role: z.enum(ROLES),
    region: z
      .string()
      .trim()
      .max(32)
      .regex(/^[A-Za-z0-9_-]*$/, "Letters, digits, - and _ only")
      .transform((v) => (v === "" ? null : v.toUpperCase()))
      .nullable()
      .optional(),
    priority: z.number().int().min(-1000).max(1000).optional(),
  })
  .strict();
export type MappingInput = z.infer<typeof MappingInput>;

export const PolicyInput = z.object({ unmatchedUserPolicy: z.enum(UNMATCHED_POLICIES) }).strict();

export const ScimTokenInput = z.object({ name: z.string().trim().min(1).max(80) }).strict();

export const IdParams = z.object({ id: z.uuid() }).strict();
