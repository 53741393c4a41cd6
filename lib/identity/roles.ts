import "server-only";
import { recordAudit, type AuditInput } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";

// Roles follow IdP groups through GroupRoleMapping. The role comes from the highest-priority
// mapping among the user's groups; the region from the highest-priority mapping that names one,
// so a role group (candor-sales-managers) and a region group (candor-region-emea) combine.
// A user whose groups map to nothing gets the least privilege: a rep with no region, who sees
// nothing until an admin or the IdP says otherwise.

export const LEAST_PRIVILEGE = { role: "SALES_REP" as Role, region: null as string | null };

export interface MappingRule {
  groupDisplayName: string;
  role: Role;
  region: string | null;
  priority: number;
}

export interface Assignment {
  role: Role;
  region: string | null;
}

// Group names compare case-insensitively: IdPs are inconsistent about case and SCIM displayName
// is caseExact=false.
export function assignmentFor(groups: readonly string[], mappings: readonly MappingRule[]): Assignment | null {
  const names = new Set(groups.map((g) => g.toLowerCase()));
  const hits = mappings
    .filter((m) => names.has(m.groupDisplayName.toLowerCase()))
    // Ties break by name so the outcome never depends on row order.
    .sort((a, b) => b.priority - a.priority || a.groupDisplayName.localeCompare(b.groupDisplayName));
  if (hits.length === 0) return null;
  const region = hits.find((m) => m.region !== null)?.region ?? null;
  return { role: hits[0]!.role, region };
}

export async function tenantMappings(tx: Tx, tenantId: string): Promise<MappingRule[]> {
  return tx.groupRoleMapping.findMany({
    where: { tenantId },
    select: { groupDisplayName: true, role: true, region: true, priority: true },
  });
}

type Source = "scim" | "sso" | "mapping";

async function apply(
  tx: Tx,
  user: { id: string; tenantId: string; role: Role; region: string | null },
  next: Assignment,
  source: Source,
  actor: Pick<AuditInput, "actorType" | "actorUserId">,
): Promise<boolean> {
  if (user.role === next.role && user.region === next.region) return false;
  await tx.user.update({ where: { id: user.id }, data: { role: next.role, region: next.region } });
  await recordAudit(
    {
      tenantId: user.tenantId, ...actor, action: "identity.role.change", resourceType: "user", resourceId: user.id,
      outcome: "success", details: { source, from: { role: user.role, region: user.region }, to: { ...next } },
    },
    tx,
  );
  return true;
}

// Recomputes from SCIM group memberships; called whenever memberships or mappings change.
export async function recomputeFromMemberships(
  tx: Tx,
  tenantId: string,
  userIds: readonly string[],
  source: Source,
  actor: Pick<AuditInput, "actorType" | "actorUserId">,
): Promise<number> {
  if (userIds.length === 0) return 0;
  const mappings = await tenantMappings(tx, tenantId);
  const users = await tx.user.findMany({
    where: { tenantId, id: { in: [...new Set(userIds)] } },
    select: { id: true, tenantId: true, role: true, region: true, memberships: { select: { group: { select: { displayName: true } } } } },
  });
  let changed = 0;
  for (const user of users) {
    const groups = user.memberships.map((m) => m.group.displayName);
    const next = assignmentFor(groups, mappings) ?? LEAST_PRIVILEGE;
    if (await apply(tx, user, next, source, actor)) changed += 1;
  }
  return changed;
}

// Users whose SCIM memberships touch a group name (used when a mapping for it is added/removed).
export async function membersOfGroupNamed(tx: Tx, tenantId: string, displayName: string): Promise<string[]> {
  const rows = await tx.groupMember.findMany({
    where: { group: { tenantId, displayName: { equals: displayName, mode: "insensitive" } } },
    select: { userId: true },
  });
  return rows.map((r) => r.userId);
}

// SSO sign-in: the groups claim decides when the IdP sends one and the tenant maps groups at all;
// without a claim (Google, Entra without group claims) the role stays as SCIM or an admin set it.
export async function syncFromGroupsClaim(
  tx: Tx,
  user: { id: string; tenantId: string; role: Role; region: string | null },
  groups: readonly string[] | null,
): Promise<Assignment> {
  if (groups === null) return { role: user.role, region: user.region };
  const mappings = await tenantMappings(tx, user.tenantId);
  if (mappings.length === 0) return { role: user.role, region: user.region };
  const next = assignmentFor(groups, mappings) ?? LEAST_PRIVILEGE;
  await apply(tx, user, next, "sso", { actorType: "system", actorUserId: user.id });
  return next;
}
