import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CAPABILITIES, SCOPE_RANK, SCOPES, type Scope } from "./capabilities";
import { emptyRoleGrants } from "./default-matrix";
import { explainAccess, matchScope, type Principal, type ScopedRecord } from "./policy";

// Properties of the policy engine over arbitrary principals and records.

const TENANTS = ["t1", "t2"];
const USERS = ["u1", "u2", "u3"];
const REGIONS = ["EMEA", "NA", "APAC"];
const TEAMS = ["a", "b", "c"];

const principal = fc.record({
  tenantId: fc.constantFrom(...TENANTS),
  userId: fc.constantFrom(...USERS),
  region: fc.option(fc.constantFrom(...REGIONS), { nil: null }),
  teamId: fc.option(fc.constantFrom(...TEAMS), { nil: null }),
}).map((p): Principal => ({
  ...p, sessionId: "s", role: "R", roleName: "Role", grants: emptyRoleGrants(), matrixVersion: 1, recordRef: null,
}));

const record = fc.record({
  tenantId: fc.constantFrom(...TENANTS),
  ownerUserId: fc.option(fc.constantFrom(...USERS), { nil: null }),
  region: fc.option(fc.constantFrom(...REGIONS), { nil: null }),
  ownerTeamId: fc.option(fc.constantFrom(...TEAMS), { nil: null }),
}) as fc.Arbitrary<ScopedRecord>;

const scope = fc.constantFrom(...SCOPES);

describe("matchScope", () => {
  it("never reaches another tenant's record, whatever the scope", () => {
    fc.assert(fc.property(principal, record, scope, (p, r, s) => {
      if (r.tenantId !== p.tenantId) expect(matchScope(p, s, r)).toBeNull();
    }));
  });

  it("is monotone: a wider scope reaches every record a narrower one does", () => {
    fc.assert(fc.property(principal, record, scope, scope, (p, r, a, b) => {
      const [narrow, wide] = SCOPE_RANK[a] <= SCOPE_RANK[b] ? [a, b] : [b, a];
      if (matchScope(p, narrow, r) !== null) expect(matchScope(p, wide, r)).not.toBeNull();
    }));
  });

  it("reaches nothing with none and everything in the tenant with all", () => {
    fc.assert(fc.property(principal, record, (p, r) => {
      expect(matchScope(p, "none", r)).toBeNull();
      expect(matchScope(p, "all", r) !== null).toBe(r.tenantId === p.tenantId);
    }));
  });

  it("reaches with own exactly the principal's records, and gives team and region only by what they say", () => {
    fc.assert(fc.property(principal, record, scope, (p, r, s) => {
      const m = matchScope(p, s, r);
      if (m === "own") expect(r.ownerUserId).toBe(p.userId);
      if (m === "team") expect(p.teamId !== null && r.ownerTeamId === p.teamId).toBe(true);
      if (m === "region") expect(p.region !== null && r.region === p.region).toBe(true);
      if (s === "own") expect(m === null || m === "own").toBe(true);
    }));
  });

  it("agrees with explainAccess, whose rule names the role and the scope", () => {
    fc.assert(fc.property(principal, record, scope, fc.constantFrom(...CAPABILITIES), (p, r, s, c) => {
      const withScope: Principal = { ...p, grants: { ...p.grants, scopes: { ...p.grants.scopes, [c]: s as Scope } } };
      const e = explainAccess(withScope, c, r);
      expect(e.allowed).toBe(matchScope(withScope, s, r) !== null);
      expect(e.rule).toContain("Roles");
    }));
  });
});
