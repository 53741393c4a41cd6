import { scopeOf, type Capability, type Principal } from "./index";
import { CAPABILITY_NAMES, type CapabilityName, type CapabilityScopes } from "./capability-names";

// Temporary bridge from today's constant matrix (lib/authz/matrix.ts) to the capability names of
// the database-backed matrix (issue 8), kept in this one function so the standalone pages do not
// depend on either: when the stored matrix lands, this becomes a lookup in it. Each new name takes
// the scope of the old capability that guards the same data today.
const FROM_OLD: Record<CapabilityName, Capability> = {
  "records.read": "records.read",
  "records.write": "records.write",
  "scores.view": "scores.read",
  "reasons.view": "scores.read",
  "summary.view": "scores.read",
  "flags.create": "flags.create",
  "flags.review": "flags.review",
  "scores.override": "scores.modify",
  // Dashboards and exports show scores, within the scope the role sees scores in.
  "dashboards.view": "scores.read",
  "data.export": "scores.read",
  "models.manage": "scores.modify",
  "matrix.manage": "admin",
  "connections.manage": "admin",
  "identity.manage": "admin",
  "audit.view": "audit.read",
  "operations.manage": "admin",
  // Consent, retention and erasure belong to whoever reads the audit trail (compliance, admins).
  "governance.manage": "audit.read",
  // Drift and data-quality alerts belong to whoever may change models.
  "alerts.manage": "scores.modify",
};

export function shellScopes(principal: Principal): CapabilityScopes {
  return Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, scopeOf(principal, FROM_OLD[name])])) as CapabilityScopes;
}
