import "server-only";
import { recordAudit, type AuditInput } from "@/lib/audit";
import type { Tx } from "@/lib/db";

// Roles follow IdP groups through GroupRoleMapping. The role comes from the highest-priority
// mapping among the user's groups; the region from the highest-priority mapping that names one,
// so a role group (candor-sales-managers) and a region group (candor-region-emea) combine.
// A user whose groups map to nothing gets the least privilege: a rep with no region, who sees
// nothing until an admin or the IdP says otherwise. Teams linked to a SCIM group (source
// scim_group) follow membership of that group the same way.

export const LEAST_PRIVILEGE = { role: "SALES_REP", region: null as string | null };

export interface MappingRule {
  groupDisplayName: string;
  role: string;
  region: string | null;
  priority: number;
}

export interface TeamGroup {
  teamId: string;
  groupDisplayName: string;
}

export interface Assignment {
  role: string;
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

// The team of the first (by group name) SCIM-linked team whose group the user is in.
export function teamFor(groups: readonly string[], teamGroups: readonly TeamGroup[]): string | null {
  const names = new Set(groups.map((g) => g.toLowerCase()));
  const hit = [...teamGroups]
    .sort((a, b) => a.groupDisplayName.localeCompare(b.groupDisplayName))
    .find((t) => names.has(t.groupDisplayName.toLowerCase()));
  return hit?.teamId ?? null;
}

export async function tenantMappings(tx: Tx, tenantId: string): Promise<MappingRule[]> {
  return tx.groupRoleMapping.findMany({
    where: { tenantId },
    select: { groupDisplayName: true, role: true, region: true, priority: true },
  });
}

async function tenantTeamGroups(tx: Tx, tenantId: string): Promise<TeamGroup[]> {
  const teams = await tx.team.findMany({
    where: { tenantId, source: "scim_group", externalRef: { not: null } },
    select: { id: true, externalRef: true },
  });
  return teams.map((t) => ({ teamId: t.id, groupDisplayName: t.externalRef! }));
}

type Source = "scim" | "sso" | "mapping";

interface Current {
  id: string;
  tenantId: string;
  role: string;
  region: string | null;
  teamId: string | null;
  team: { source: string } | null;
}

const CURRENT_SELECT = { id: true, tenantId: true, role: true, region: true, teamId: true, team: { select: { source: true } } } as const;

async function apply(
  tx: Tx,
  user: Current,
  next: Assignment & { teamId: string | null },
  source: Source,
  actor: Pick<AuditInput, "actorType" | "actorUserId">,
): Promise<boolean> {
  if (user.role === next.role && user.region === next.region && user.teamId === next.teamId) return false;
  await tx.user.update({ where: { id: user.id }, data: { role: next.role, region: next.region, teamId: next.teamId } });
  await recordAudit(
    {
      tenantId: user.tenantId, ...actor, action: "identity.role.change", resourceType: "user", resourceId: user.id,
      outcome: "success", details: { source, from: { role: user.role, region: user.region, teamId: user.teamId }, to: { ...next } },
    },
    tx,
  );
  return true;
}

// A team that came from somewhere else (the CRM's role hierarchy, an admin) is kept when no
// SCIM-linked team claims the user.
function nextTeam(user: Current, groups: readonly string[], teamGroups: readonly TeamGroup[]): string | null {
  const matched = teamFor(groups, teamGroups);
  if (matched) return matched;
  return user.team?.source === "scim_group" ? null : user.teamId;
}

// Recomputes from SCIM group memberships; called whenever memberships, mappings or teams change.
export async function recomputeFromMemberships(
  tx: Tx,
  tenantId: string,
  userIds: readonly string[],
  source: Source,
  actor: Pick<AuditInput, "actorType" | "actorUserId">,
): Promise<number> {
  if (userIds.length === 0) return 0;
  const [mappings, teamGroups] = await Promise.all([tenantMappings(tx, tenantId), tenantTeamGroups(tx, tenantId)]);
  const users = await tx.user.findMany({
    where: { tenantId, id: { in: [...new Set(userIds)] } },
    select: { ...CURRENT_SELECT, memberships: { select: { group: { select: { displayName: true } } } } },
  });
  let changed = 0;
  for (const user of users) {
    const groups = user.memberships.map((m) => m.group.displayName);
    const next = { ...(assignmentFor(groups, mappings) ?? LEAST_PRIVILEGE), teamId: nextTeam(user, groups, teamGroups) };
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
export async function syncFromGroupsClaim(tx: Tx, userId: string, groups: readonly string[] | null): Promise<Assignment> {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: CURRENT_SELECT });
  if (groups === null) return { role: user.role, region: user.region };
  const [mappings, teamGroups] = await Promise.all([tenantMappings(tx, user.tenantId), tenantTeamGroups(tx, user.tenantId)]);
  if (mappings.length === 0 && teamGroups.length === 0) return { role: user.role, region: user.region };
  const assigned = mappings.length === 0 ? { role: user.role, region: user.region } : (assignmentFor(groups, mappings) ?? LEAST_PRIVILEGE);
  await apply(tx, user, { ...assigned, teamId: nextTeam(user, groups, teamGroups) }, "sso", { actorType: "system", actorUserId: user.id });
  return assigned;
}

// Salesforce names the user's role in the hierarchy (UserRoleId) in every Canvas signed request;
// a team linked to that role (source crm_role) takes the user in when they open Candor.
export async function syncTeamFromCrmRole(tx: Tx, tenantId: string, userId: string, crmRoleId: string | null | undefined): Promise<void> {
  if (!crmRoleId) return;
  const team = await tx.team.findFirst({ where: { tenantId, source: "crm_role", externalRef: crmRoleId }, select: { id: true } });
  if (!team) return;
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: CURRENT_SELECT });
  if (user.team?.source === "scim_group") return;
  await apply(tx, user, { role: user.role, region: user.region, teamId: team.id }, "mapping", { actorType: "crm", actorUserId: null });
}
