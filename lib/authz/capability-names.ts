// The capability names of the database-backed permission matrix (issue 8). Pure data with no
// server dependency, so the standalone shell's navigation can be typed against it.
export const CAPABILITY_NAMES = [
  "records.read",
  "records.write",
  "scores.view",
  "reasons.view",
  "summary.view",
  "flags.create",
  "flags.review",
  "scores.override",
  "dashboards.view",
  "data.export",
  "models.manage",
  "matrix.manage",
  "connections.manage",
  "identity.manage",
  "audit.view",
  "operations.manage",
  "governance.manage",
  "alerts.manage",
] as const;
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

// own: the user's records; team: their team's; region: their region's; all: the tenant's.
export const SCOPE_LEVELS = ["none", "own", "team", "region", "all"] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

export type CapabilityScopes = Record<CapabilityName, ScopeLevel>;
