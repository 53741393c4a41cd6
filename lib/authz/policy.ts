import { AppError } from "@/lib/errors";
import { CAPABILITY_INFO, SCOPE_LABELS, type Capability, type PiiMode, type Scope } from "./capabilities";
import type { RoleGrants } from "./default-matrix";

// The policy engine: pure decisions over a principal (built by lib/auth from a verified session,
// never from request input) and its role's grants from the tenant's matrix in force.

export interface Principal {
  userId: string;
  tenantId: string;
  sessionId: string;
  role: string;
  roleName: string;
  region: string | null;
  teamId: string | null;
  grants: RoleGrants;
  matrixVersion: number;
  // The CRM record an embedded session was opened on ("SALESFORCE/Lead/00Q…"), else null.
  recordRef: string | null;
}

// What a record-scoped decision needs to know about a record.
export interface ScopedRecord {
  tenantId: string;
  ownerUserId: string | null;
  region: string | null;
  // The owner's team, when the record has an owner who is in one.
  ownerTeamId: string | null;
}

export function scopeOf(principal: Pick<Principal, "grants">, capability: Capability): Scope {
  return principal.grants.scopes[capability] ?? "none";
}

export function can(principal: Pick<Principal, "grants">, capability: Capability): boolean {
  return scopeOf(principal, capability) !== "none";
}

export function piiMode(principal: Pick<Principal, "grants">): PiiMode {
  return principal.grants.pii;
}

export function assertCapability(principal: Principal, capability: Capability): Scope {
  const scope = scopeOf(principal, capability);
  if (scope === "none") {
    throw new AppError("forbidden", `Your role (${principal.roleName}) may not ${verb(capability)}.`);
  }
  return scope;
}

export type Match = "own" | "team" | "region" | "all";

// Which part of the scope lets the principal reach the record, or null. Scopes are cumulative:
// own ⊆ team ⊆ region ⊆ all, so widening a role's scope never takes a record away.
export function matchScope(principal: Principal, scope: Scope, record: ScopedRecord): Match | null {
  if (record.tenantId !== principal.tenantId || scope === "none") return null;
  if (scope === "all") return "all";
  if (record.ownerUserId !== null && record.ownerUserId === principal.userId) return "own";
  if (scope === "own") return null;
  if (principal.teamId !== null && record.ownerTeamId === principal.teamId) return "team";
  if (scope === "team") return null;
  return principal.region !== null && record.region === principal.region ? "region" : null;
}

export function inScope(principal: Principal, scope: Scope, record: ScopedRecord): boolean {
  return matchScope(principal, scope, record) !== null;
}

export function allowsRecord(principal: Principal, capability: Capability, record: ScopedRecord | null): boolean {
  return record !== null && inScope(principal, scopeOf(principal, capability), record);
}

// A record outside the caller's scope answers exactly like one that does not exist.
export function assertInScope(principal: Principal, capability: Capability, record: ScopedRecord | null): void {
  if (!allowsRecord(principal, capability, record)) throw new AppError("not_found", "No such record.");
}

// The rule in words, for the people who may hear it: an admin's "check access" tool, and a user
// inside the CRM on the record their session was opened for (they know it exists).
const verb = (capability: Capability) => {
  const label = CAPABILITY_INFO[capability].label;
  return label.charAt(0).toLowerCase() + label.slice(1);
};

export function describeRule(roleName: string, capability: Capability, scope: Scope): string {
  const what = verb(capability);
  if (scope === "none") return `${roleName}s may not ${what}.`;
  if (scope === "all") return `${roleName}s may ${what} on every record.`;
  const where = { own: "records they own", team: "records owned by their team", region: "records in their region" }[scope];
  return `${roleName}s may ${what} only on ${where}.`;
}

export interface AccessExplanation {
  capability: Capability;
  allowed: boolean;
  scope: Scope;
  scopeLabel: string;
  match: Match | null;
  rule: string;
  // Why this record is or is not inside the scope, in terms of the record.
  because: string;
}

export function explainAccess(principal: Principal, capability: Capability, record: ScopedRecord | null): AccessExplanation {
  const scope = scopeOf(principal, capability);
  const rule = describeRule(principal.roleName, capability, scope);
  const base = { capability, scope, scopeLabel: SCOPE_LABELS[scope], rule };
  if (scope === "none") return { ...base, allowed: false, match: null, because: "The role has no grant for this." };
  if (!record) return { ...base, allowed: false, match: null, because: "The record is not in Candor." };
  const match = matchScope(principal, scope, record);
  if (match) {
    const because = {
      all: "The role reaches every record.",
      own: "The user owns the record.",
      team: "The record's owner is in the user's team.",
      region: `The record is in the user's region (${record.region}).`,
    }[match];
    return { ...base, allowed: true, match, because };
  }
  const owner = record.ownerUserId === null ? "no owner in Candor" : "another owner";
  const reasons = [`it has ${owner}`];
  if (scope === "team" || scope === "region") reasons.push(principal.teamId === null ? "the user is in no team" : "its owner is not in the user's team");
  if (scope === "region") reasons.push(principal.region === null ? "the user has no region" : `it is in ${record.region ?? "no region"}, not ${principal.region}`);
  return { ...base, allowed: false, match: null, because: `Outside the scope: ${reasons.join("; ")}.` };
}
