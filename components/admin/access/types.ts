import type { CapabilityInfo, Grants, PiiMode, Scope } from "@/lib/authz";

// What the access page's API answers, as the client components read it.
export interface RoleView {
  key: string;
  name: string;
  description: string;
  builtIn: boolean;
  users: number;
  mappings: number;
}

export interface MatrixPayload {
  matrix: { version: number; grants: Grants; reason: string; createdAt: string; createdBy: string | null; revertOf: number | null };
  roles: RoleView[];
  capabilities: Array<CapabilityInfo & { key: keyof Grants["roles"][string]["scopes"] }>;
  scopes: readonly Scope[];
  piiModes: readonly PiiMode[];
}

export interface GrantChangeView {
  role: string;
  what: string;
  from: string;
  to: string;
}

export interface VersionView {
  version: number;
  reason: string;
  createdAt: string;
  createdBy: string;
  revertOf: number | null;
  changes: GrantChangeView[];
}
