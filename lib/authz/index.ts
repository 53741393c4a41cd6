import { AppError } from "@/lib/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { DEFAULT_MATRIX, type Capability, type Matrix, type Scope } from "./matrix";

export type { Capability, Scope } from "./matrix";

// Who is asking. Built by lib/auth/session.ts from a verified session, never from request input.
export interface Principal {
  userId: string;
  tenantId: string;
  role: Role;
  region: string | null;
  team: string | null;
  sessionId: string;
}

export interface ScopedRecord {
  tenantId: string;
  ownerUserId: string | null;
  region: string | null;
}

export function scopeOf(principal: Principal, capability: Capability, matrix: Matrix = DEFAULT_MATRIX): Scope {
  return matrix[principal.role][capability];
}

export function assertCapability(principal: Principal, capability: Capability, matrix?: Matrix): Scope {
  const scope = scopeOf(principal, capability, matrix);
  if (scope === "none") throw new AppError("forbidden", `Your role cannot ${capability.replace(".", " ")}.`);
  return scope;
}

export function inScope(principal: Principal, scope: Scope, record: ScopedRecord): boolean {
  if (record.tenantId !== principal.tenantId) return false;
  switch (scope) {
    case "all":
      return true;
    case "region":
      return principal.region !== null && record.region === principal.region;
    case "own":
      return record.ownerUserId === principal.userId;
    case "none":
      return false;
  }
}

// A record outside the caller's scope answers exactly like one that does not exist.
export function assertInScope(principal: Principal, capability: Capability, record: ScopedRecord | null): void {
  const scope = scopeOf(principal, capability);
  if (!record || !inScope(principal, scope, record)) throw new AppError("not_found", "No such record.");
}

// The same rule as a Prisma filter on CrmRecord, for lists.
export function scopeFilter(principal: Principal, capability: Capability) {
  const scope = scopeOf(principal, capability);
  const base = { tenantId: principal.tenantId };
  switch (scope) {
    case "all":
      return base;
    case "region":
      return { ...base, region: principal.region ?? "\u0000no-region" };
    case "own":
      return { ...base, ownerUserId: principal.userId };
    case "none":
      return { ...base, id: "00000000-0000-0000-0000-000000000000" };
  }
}
