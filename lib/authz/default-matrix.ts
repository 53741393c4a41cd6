import type { Capability, PiiMode, Scope } from "./capabilities";

// The integration guide's matrix (shared/ARCHITECTURE.md), the starting point of every tenant.
// The first migration of the matrix copies it into SQL (candor_default_grants) so a tenant created
// by any path starts with it; default-matrix.integration.test.ts keeps the two equal.

export interface RoleGrants {
  pii: PiiMode;
  scopes: Record<Capability, Scope>;
}
export type Grants = { roles: Record<string, RoleGrants> };

export const BUILT_IN_ROLES = [
  { key: "SALES_REP", name: "Sales rep", description: "Works their own accounts inside the CRM." },
  { key: "SALES_MANAGER", name: "Sales manager", description: "Leads a region: its pipeline, flags and team." },
  { key: "DATA_SCIENTIST", name: "Data scientist", description: "Owns the models; sees all records without personal data." },
  { key: "ADMIN", name: "Admin", description: "Configures Candor for the company." },
  { key: "COMPLIANCE_OFFICER", name: "Compliance officer", description: "Audits access, lineage, consent and retention." },
] as const;

export type BuiltInRole = (typeof BUILT_IN_ROLES)[number]["key"];

const none = {
  "records.read": "none", "records.write": "none", "scores.view": "none", "reasons.view": "none", "summary.view": "none",
  "flags.create": "none", "flags.review": "none", "scores.override": "none", "dashboards.view": "none", "data.export": "none",
  "models.manage": "none", "matrix.manage": "none", "connections.manage": "none", "identity.manage": "none",
  "audit.view": "none", "operations.manage": "none", "governance.manage": "none", "alerts.manage": "none",
} as const satisfies Record<Capability, Scope>;

export const DEFAULT_GRANTS: Grants = {
  roles: {
    SALES_REP: {
      pii: "masked",
      scopes: {
        ...none, "records.read": "region", "records.write": "own", "scores.view": "own", "reasons.view": "own",
        "summary.view": "own", "flags.create": "own", "dashboards.view": "own",
      },
    },
    SALES_MANAGER: {
      pii: "masked",
      scopes: {
        ...none, "records.read": "region", "records.write": "region", "scores.view": "region", "reasons.view": "region",
        "summary.view": "region", "flags.create": "region", "flags.review": "region", "dashboards.view": "region",
        "data.export": "region",
      },
    },
    DATA_SCIENTIST: {
      pii: "hidden",
      scopes: {
        ...none, "records.read": "all", "scores.view": "all", "reasons.view": "all", "summary.view": "all",
        "flags.review": "all", "scores.override": "all", "dashboards.view": "all", "data.export": "all", "models.manage": "all",
      },
    },
    ADMIN: {
      pii: "full",
      scopes: {
        "records.read": "all", "records.write": "all", "scores.view": "all", "reasons.view": "all", "summary.view": "all",
        "flags.create": "all", "flags.review": "all", "scores.override": "all", "dashboards.view": "all", "data.export": "all",
        "models.manage": "all", "matrix.manage": "all", "connections.manage": "all", "identity.manage": "all",
        "audit.view": "all", "operations.manage": "all", "governance.manage": "all", "alerts.manage": "all",
      },
    },
    COMPLIANCE_OFFICER: {
      pii: "full",
      scopes: {
        ...none, "records.read": "all", "scores.view": "all", "reasons.view": "all", "summary.view": "all",
        "data.export": "all", "audit.view": "all", "governance.manage": "all",
      },
    },
  },
};

// A new role starts with nothing: it sees nothing until an admin grants it something.
export function emptyRoleGrants(): RoleGrants {
  return { pii: "hidden", scopes: { ...none } };
}
