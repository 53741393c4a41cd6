import type { Capability, Scope } from "@/lib/authz/capabilities";

// The one registry of the standalone app's pages. Each page that exists adds its line here; the
// shell shows an entry to a caller whose scope for its capability is anything but "none", so the
// navigation and the page's own permission check are decided by the same capability.

export const NAV_AREAS = ["Insights", "Admin", "Compliance"] as const;
export type NavArea = (typeof NAV_AREAS)[number];

export interface NavItem {
  href: string;
  label: string;
  area: NavArea;
  capability: Capability;
}

export type Scopes = Record<string, Scope>;

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/dashboard", label: "Dashboard", area: "Insights", capability: "dashboards.view" },
  { href: "/admin/access", label: "Access & roles", area: "Admin", capability: "matrix.manage" },
  { href: "/admin/identity", label: "Identity & access", area: "Admin", capability: "identity.manage" },
];

export interface NavSection {
  area: NavArea;
  items: NavItem[];
}

export function canOpen(scopes: Scopes, item: Pick<NavItem, "capability">): boolean {
  const scope = scopes[item.capability];
  return scope !== undefined && scope !== "none";
}

// The entries a caller may open, grouped by area in NAV_AREAS order; areas left empty are dropped.
export function navSections(scopes: Scopes, items: readonly NavItem[] = NAV_ITEMS): NavSection[] {
  return NAV_AREAS.map((area) => ({ area, items: items.filter((i) => i.area === area && canOpen(scopes, i)) })).filter(
    (s) => s.items.length > 0,
  );
}

// The entry a path belongs to: the longest registered href that is the path or a parent of it.
export function currentNavHref(pathname: string, items: readonly NavItem[] = NAV_ITEMS): string | null {
  const matches = items.filter((i) => pathname === i.href || pathname.startsWith(`${i.href}/`));
  return matches.sort((a, b) => b.href.length - a.href.length)[0]?.href ?? null;
}
