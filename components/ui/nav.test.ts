import { describe, expect, it } from "vitest";
import { CAPABILITIES } from "@/lib/authz/capabilities";
import { BUILT_IN_ROLES, DEFAULT_GRANTS } from "@/lib/authz/default-matrix";
import { shellScopes } from "@/lib/authz/shell-scopes";
import { currentNavHref, NAV_ITEMS, navSections, type NavItem } from "./nav";

const scopesOf = (role: string) => shellScopes({ grants: DEFAULT_GRANTS.roles[role]! });
const labels = (role: string) => navSections(scopesOf(role)).flatMap((s) => s.items.map((i) => i.label));

describe("navigation by role, from the default matrix", () => {
  it("shows each built-in role exactly the pages it may open", () => {
    expect(labels("ADMIN")).toEqual(["Dashboard", "Access & roles", "Identity & access"]);
    for (const role of ["SALES_REP", "SALES_MANAGER", "DATA_SCIENTIST"]) expect(labels(role)).toEqual(["Dashboard"]);
    // The compliance pages (audit, lineage, consent, retention) are not built yet.
    expect(labels("COMPLIANCE_OFFICER")).toEqual([]);
  });

  it("gives the shell every capability's scope, for every role", () => {
    for (const { key } of BUILT_IN_ROLES) expect(Object.keys(scopesOf(key)).sort()).toEqual([...CAPABILITIES].sort());
  });

  it("hides an entry whose capability is missing or none, and drops empty areas", () => {
    const items: NavItem[] = [
      { href: "/a", label: "A", area: "Insights", capability: "dashboards.view" },
      { href: "/b", label: "B", area: "Compliance", capability: "audit.view" },
      { href: "/c", label: "C", area: "Admin", capability: "matrix.manage" },
    ];
    expect(navSections({ "dashboards.view": "own", "audit.view": "none" }, items)).toEqual([{ area: "Insights", items: [items[0]] }]);
  });

  it("lists areas in the order Insights, Admin, Compliance whatever the registry order", () => {
    const items: NavItem[] = [
      { href: "/audit", label: "Audit", area: "Compliance", capability: "audit.view" },
      { href: "/admin/x", label: "X", area: "Admin", capability: "matrix.manage" },
      { href: "/dashboard", label: "D", area: "Insights", capability: "dashboards.view" },
    ];
    const all = { "audit.view": "all", "matrix.manage": "all", "dashboards.view": "all" } as const;
    expect(navSections(all, items).map((s) => s.area)).toEqual(["Insights", "Admin", "Compliance"]);
  });

  it("marks the entry a path belongs to, preferring the most specific one", () => {
    const items: NavItem[] = [...NAV_ITEMS, { href: "/dashboard/flags", label: "Flags", area: "Insights", capability: "flags.review" }];
    expect(currentNavHref("/dashboard", items)).toBe("/dashboard");
    expect(currentNavHref("/dashboard/flags/123", items)).toBe("/dashboard/flags");
    expect(currentNavHref("/dashboards", items)).toBeNull();
    expect(currentNavHref("/admin/identity", items)).toBe("/admin/identity");
  });
});
