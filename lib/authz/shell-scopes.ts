import { CAPABILITIES, type Capability, type Scope } from "./capabilities";
import type { Principal } from "./policy";

// The standalone shell's view of the caller: every capability's scope in the matrix in force, as
// plain data the shell can take without depending on sessions or the policy engine.
export function shellScopes(principal: Pick<Principal, "grants">): Record<Capability, Scope> {
  return Object.fromEntries(CAPABILITIES.map((c) => [c, principal.grants.scopes[c] ?? "none"])) as Record<Capability, Scope>;
}
