import "server-only";
import { piiMode, type Principal } from "@/lib/authz";
import { presentValue } from "@/lib/privacy";
import type { db, Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { membersOfGroupNamed, recomputeFromMemberships } from "./roles";
import { defaultPriority, type MappingInput, type UnmatchedPolicy } from "./schema";

// What the identity admin page edits: group → role mappings and the unmatched-CRM-user policy.
// A mapping change recomputes the role of every SCIM member of that group at once; users known
// only through SSO pick it up at their next sign-in (their groups arrive in the token).

type Reader = Tx | typeof db;

export interface MappingView {
  id: string;
  groupDisplayName: string;
  role: string;
  roleName: string;
  region: string | null;
  priority: number;
  members: number;
}

export async function listMappings(tx: Reader, tenantId: string): Promise<MappingView[]> {
  const found = await tx.groupRoleMapping.findMany({
    where: { tenantId },
    orderBy: [{ priority: "desc" }, { groupDisplayName: "asc" }],
    select: {
      id: true, groupDisplayName: true, role: true, region: true, priority: true, roleDef: { select: { name: true } },
    },
  });
  const rows = found.map(({ roleDef, ...m }) => ({ ...m, roleName: roleDef.name }));
  const groups = await tx.group.findMany({
    where: { tenantId },
    select: { displayName: true, _count: { select: { members: true } } },
  });
  const count = new Map(groups.map((g) => [g.displayName.toLowerCase(), g._count.members]));
  return rows.map((r) => ({ ...r, members: count.get(r.groupDisplayName.toLowerCase()) ?? 0 }));
}

const actorOf = (p: Principal) => ({ actorType: "user" as const, actorUserId: p.userId });

export async function addMapping(tx: Tx, principal: Principal, input: MappingInput) {
  const clash = await tx.groupRoleMapping.findFirst({
    where: { tenantId: principal.tenantId, groupDisplayName: { equals: input.groupDisplayName, mode: "insensitive" } },
    select: { id: true },
  });
  if (clash) throw new AppError("conflict", `The group "${input.groupDisplayName}" already has a mapping; remove it first.`);
  await assertReferences(tx, principal.tenantId, input);
  const mapping = await tx.groupRoleMapping.create({
    data: {
      tenantId: principal.tenantId, groupDisplayName: input.groupDisplayName, role: input.role,
      region: input.region ?? null, priority: input.priority ?? defaultPriority(input.role),
    },
    select: { id: true, groupDisplayName: true, role: true, region: true, priority: true },
  });
  const members = await membersOfGroupNamed(tx, principal.tenantId, mapping.groupDisplayName);
  const roleChanges = await recomputeFromMemberships(tx, principal.tenantId, members, "mapping", actorOf(principal));
  return { mapping, roleChanges };
}

// Reference data, not free text: an unknown role or region is the caller's mistake (422), said
// before the database's foreign keys would say it less clearly.
async function assertReferences(tx: Tx, tenantId: string, input: MappingInput) {
  const [role, region] = await Promise.all([
    tx.roleDefinition.findUnique({ where: { tenantId_key: { tenantId, key: input.role } }, select: { key: true } }),
    input.region ? tx.region.findUnique({ where: { tenantId_code: { tenantId, code: input.region } }, select: { code: true } }) : null,
  ]);
  const issues = [
    ...(role ? [] : [{ path: "body.role", message: `No role "${input.role}" exists.` }]),
    ...(input.region && !region ? [{ path: "body.region", message: `No region "${input.region}" exists. Add it under Access → Regions and teams first.` }] : []),
  ];
  if (issues.length) throw new AppError("validation_failed", issues.map((i) => i.message).join(" "), { issues });
}

export async function removeMapping(tx: Tx, principal: Principal, id: string) {
  const mapping = await tx.groupRoleMapping.findFirst({ where: { id, tenantId: principal.tenantId } });
  if (!mapping) throw new AppError("not_found", "No such mapping.");
  await tx.groupRoleMapping.delete({ where: { id } });
  const members = await membersOfGroupNamed(tx, principal.tenantId, mapping.groupDisplayName);
  const roleChanges = await recomputeFromMemberships(tx, principal.tenantId, members, "mapping", actorOf(principal));
  return { removed: { id, groupDisplayName: mapping.groupDisplayName }, roleChanges };
}

export interface IdentitySettings {
  unmatchedUserPolicy: UnmatchedPolicy;
  ssoIssuer: string | null;
}

export async function identitySettings(tx: Reader, tenantId: string): Promise<IdentitySettings> {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { unmatchedUserPolicy: true, ssoIssuer: true } });
  return {
    unmatchedUserPolicy: tenant.unmatchedUserPolicy === "least_privilege" ? "least_privilege" : "refuse",
    ssoIssuer: tenant.ssoIssuer,
  };
}

export async function setUnmatchedPolicy(tx: Tx, tenantId: string, policy: UnmatchedPolicy): Promise<IdentitySettings> {
  await tx.tenant.update({ where: { id: tenantId }, data: { unmatchedUserPolicy: policy } });
  return identitySettings(tx, tenantId);
}

export interface SignedInProfile {
  name: string;
  email: string;
  role: string;
  roleName: string;
  region: string | null;
  team: string | null;
  tenantName: string;
  signedInVia: string;
  sessionExpiresAt: string;
}

// The dashboard's "who you are", read for the principal's own session.
export async function signedInProfile(tx: Reader, principal: Principal): Promise<SignedInProfile> {
  const [user, session] = await Promise.all([
    tx.user.findUniqueOrThrow({
      where: { id: principal.userId },
      select: { name: true, email: true, role: true, region: true, team: { select: { name: true } }, roleDef: { select: { name: true } }, tenant: { select: { name: true } } },
    }),
    tx.session.findUniqueOrThrow({ where: { id: principal.sessionId }, select: { source: true, expiresAt: true } }),
  ]);
  return {
    name: user.name, email: user.email, role: user.role, roleName: user.roleDef.name, region: user.region, team: user.team?.name ?? null,
    tenantName: user.tenant.name, signedInVia: session.source, sessionExpiresAt: session.expiresAt.toISOString(),
  };
}

export async function searchUsers(tx: Reader, principal: Principal, q: string, limit: number) {
  const users = await tx.user.findMany({
    where: {
      tenantId: principal.tenantId,
      ...(q ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { email: { contains: q, mode: "insensitive" } }] } : {}),
    },
    orderBy: [{ active: "desc" }, { name: "asc" }],
    take: limit,
    select: { id: true, name: true, email: true, role: true, region: true, active: true, roleDef: { select: { name: true } }, team: { select: { name: true } } },
  });
  const mode = piiMode(principal);
  return users.map((u) => ({
    id: u.id, name: u.name, email: presentValue(mode, "email", u.email), role: u.role, roleName: u.roleDef.name,
    region: u.region, team: u.team?.name ?? null, active: u.active,
  }));
}
