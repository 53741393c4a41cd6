// The capability catalogue: what a role can be granted, in words an admin reads in the matrix
// editor. Record capabilities take a scope over CRM records; tenant capabilities are on or off.

export const SCOPES = ["none", "own", "team", "region", "all"] as const;
export type Scope = (typeof SCOPES)[number];
export const TENANT_SCOPES = ["none", "all"] as const satisfies readonly Scope[];

// How personal data (names, emails, phones of people in the CRM) appears to a role.
export const PII_MODES = ["hidden", "masked", "full"] as const;
export type PiiMode = (typeof PII_MODES)[number];

export interface CapabilityInfo {
  label: string;
  description: string;
  kind: "record" | "tenant";
}

export const CAPABILITY_INFO = {
  "records.read": { label: "Read customer data", description: "See CRM records Candor synced: names, fields, activity.", kind: "record" },
  "records.write": { label: "Write customer data", description: "Make Candor write to CRM records (tasks, notes, fields).", kind: "record" },
  "scores.view": { label: "View AI scores", description: "See a record's score, band and model.", kind: "record" },
  "reasons.view": { label: "View reasons", description: "See the reasons behind a score and what would raise it.", kind: "record" },
  "summary.view": { label: "View summary", description: "See the grounded summary of a record.", kind: "record" },
  "flags.create": { label: "Flag a score", description: "Say a score is wrong, with a comment.", kind: "record" },
  "flags.review": { label: "Review flags", description: "Resolve flags: agree (a training label) or dismiss with a reply.", kind: "record" },
  "scores.override": { label: "Override a score", description: "Set a score by hand, with a reason and an expiry.", kind: "record" },
  "dashboards.view": { label: "View dashboards", description: "Team dashboards: pipeline, conversion, calibration, adoption.", kind: "record" },
  "data.export": { label: "Export", description: "Download tables as CSV within the role's scope and PII mode.", kind: "record" },
  "models.manage": { label: "Manage models", description: "Train, promote, shadow and roll back models; ingest scores.", kind: "tenant" },
  "matrix.manage": { label: "Manage the matrix", description: "Edit this matrix, roles, regions and teams.", kind: "tenant" },
  "connections.manage": { label: "Manage connections", description: "Connect, verify and disconnect Salesforce and HubSpot.", kind: "tenant" },
  "identity.manage": { label: "Manage identity", description: "SSO, SCIM tokens and group-to-role mappings.", kind: "tenant" },
  "audit.view": { label: "View audit", description: "Read the audit log and score lineage.", kind: "tenant" },
  "operations.manage": { label: "Run operations", description: "Queues, dead letters and background jobs.", kind: "tenant" },
  "governance.manage": { label: "Manage governance", description: "Consent policy, retention and erasure requests.", kind: "tenant" },
  "alerts.manage": { label: "Manage alerts", description: "Alert rules and their Slack and CRM delivery.", kind: "tenant" },
} as const satisfies Record<string, CapabilityInfo>;

export type Capability = keyof typeof CAPABILITY_INFO;
export const CAPABILITIES = Object.keys(CAPABILITY_INFO) as Capability[];
export const RECORD_CAPABILITIES = CAPABILITIES.filter((c) => CAPABILITY_INFO[c].kind === "record");
export const TENANT_CAPABILITIES = CAPABILITIES.filter((c) => CAPABILITY_INFO[c].kind === "tenant");

export const SCOPE_LABELS: Record<Scope, string> = {
  none: "No",
  own: "Own records",
  team: "Their team",
  region: "Their region",
  all: "All records",
};

export const PII_LABELS: Record<PiiMode, string> = {
  hidden: "Hidden",
  masked: "Masked",
  full: "Shown",
};

// Wider scopes contain narrower ones: own ⊆ team ⊆ region ⊆ all (policy.ts keeps it so).
export const SCOPE_RANK: Record<Scope, number> = { none: 0, own: 1, team: 2, region: 3, all: 4 };
