import type { Role } from "@/lib/generated/prisma/enums";

// Permissions are data: capability → role → scope. The defaults follow the integration guide's
// matrix (shared/ARCHITECTURE.md); the permission-matrix issue moves them into a table admins edit.
export const CAPABILITIES = [
  "records.read",
  "records.write",
  "scores.read",
  "scores.modify",
  "flags.create",
  "flags.review",
  "pii.read",
  "audit.read",
  "admin",
  // The operations page: CRM write-back queues, dead letters (replay, discard) and background jobs.
  "operations.manage",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

// own: records the user owns; region: records in the user's region; all: every record of the tenant.
export type Scope = "none" | "own" | "region" | "all";

export type Matrix = Record<Role, Record<Capability, Scope>>;

export const DEFAULT_MATRIX: Matrix = {
  SALES_REP: {
    "records.read": "region", "records.write": "own", "scores.read": "own", "scores.modify": "none",
    "flags.create": "own", "flags.review": "none", "pii.read": "none", "audit.read": "none", admin: "none", "operations.manage": "none",
  },
  SALES_MANAGER: {
    "records.read": "region", "records.write": "region", "scores.read": "region", "scores.modify": "none",
    "flags.create": "region", "flags.review": "region", "pii.read": "none", "audit.read": "none", admin: "none", "operations.manage": "none",
  },
  DATA_SCIENTIST: {
    "records.read": "all", "records.write": "none", "scores.read": "all", "scores.modify": "all",
    "flags.create": "none", "flags.review": "all", "pii.read": "none", "audit.read": "none", admin: "none", "operations.manage": "none",
  },
  ADMIN: {
    "records.read": "all", "records.write": "all", "scores.read": "all", "scores.modify": "all",
    "flags.create": "all", "flags.review": "all", "pii.read": "all", "audit.read": "all", admin: "all", "operations.manage": "all",
  },
  COMPLIANCE_OFFICER: {
    "records.read": "all", "records.write": "none", "scores.read": "all", "scores.modify": "none",
    "flags.create": "none", "flags.review": "none", "pii.read": "all", "audit.read": "all", admin: "none", "operations.manage": "none",
  },
};
