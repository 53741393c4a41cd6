import "server-only";
import type { Principal } from "./policy";
import type { db, Tx } from "@/lib/db";
import { CRM_FIELD_VISIBILITY_JOB } from "@/lib/crm/job-kinds";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CAPABILITIES, CAPABILITY_INFO, PII_LABELS, SCOPE_LABELS, type Capability } from "./capabilities";
import { BUILT_IN_ROLES, emptyRoleGrants, type Grants } from "./default-matrix";
import { GrantsSchema, type CreateRoleInput, type SaveMatrixInput } from "./schema";

// Editing the matrix: every save is a new version (compare-and-set on tenants.matrix_version, so
// two admins editing at once cannot overwrite each other), with a reason and a diff in the audit
// log. Reverting saves an older version's grants again. Roles live in `roles` (users and group
// mappings point at them with foreign keys); their grants live in the versions.

type Reader = Tx | typeof db;

export interface MatrixVersionView {
  version: number;
  grants: Grants;
  reason: string;
  createdAt: string;
  createdBy: string | null;
  revertOf: number | null;
}

export interface GrantChange {
  role: string;
  // A capability, or "pii" for the role's personal-data mode, or "role" when the role came or went.
  what: Capability | "pii" | "role";
  from: string;
  to: string;
}

function parseGrants(value: unknown): Grants {
  const parsed = GrantsSchema.safeParse(value);
  if (!parsed.success) throw new Error("A stored permission matrix does not match its schema");
  return parsed.data as Grants;
}

async function versionView(tx: Reader, tenantId: string, version: number): Promise<MatrixVersionView | null> {
  const row = await tx.permissionMatrixVersion.findUnique({
    where: { tenantId_version: { tenantId, version } },
    select: { version: true, grants: true, reason: true, createdAt: true, createdById: true, revertOf: true },
  });
  if (!row) return null;
  const by = row.createdById ? await tx.user.findUnique({ where: { id: row.createdById }, select: { name: true } }) : null;
  return {
    version: row.version, grants: parseGrants(row.grants), reason: row.reason, createdAt: row.createdAt.toISOString(),
    createdBy: by?.name ?? null, revertOf: row.revertOf,
  };
}

export async function currentMatrix(tx: Reader, tenantId: string): Promise<MatrixVersionView> {
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { matrixVersion: true } });
  const view = await versionView(tx, tenantId, tenant.matrixVersion);
  if (!view) throw new Error(`Tenant ${tenantId} has no matrix version ${tenant.matrixVersion}`);
  return view;
}

export function diffGrants(before: Grants, after: Grants): GrantChange[] {
  const changes: GrantChange[] = [];
  const roles = [...new Set([...Object.keys(before.roles), ...Object.keys(after.roles)])].sort();
  for (const role of roles) {
    const a = before.roles[role];
    const b = after.roles[role];
    if (!a || !b) {
      changes.push({ role, what: "role", from: a ? "exists" : "—", to: b ? "exists" : "—" });
      continue;
    }
    if (a.pii !== b.pii) changes.push({ role, what: "pii", from: PII_LABELS[a.pii], to: PII_LABELS[b.pii] });
    for (const c of CAPABILITIES) {
      if (a.scopes[c] !== b.scopes[c]) changes.push({ role, what: c, from: SCOPE_LABELS[a.scopes[c]], to: SCOPE_LABELS[b.scopes[c]] });
    }
  }
  return changes;
}

export async function matrixHistory(tx: Reader, tenantId: string, limit = 50) {
  const rows = await tx.permissionMatrixVersion.findMany({
    where: { tenantId },
    orderBy: { version: "desc" },
    take: limit + 1,
    select: { version: true, grants: true, reason: true, createdAt: true, createdById: true, revertOf: true },
  });
  const authors = await tx.user.findMany({
    where: { tenantId, id: { in: rows.flatMap((r) => (r.createdById ? [r.createdById] : [])) } },
    select: { id: true, name: true },
  });
  const name = new Map(authors.map((a) => [a.id, a.name]));
  return rows.slice(0, limit).map((row, i) => {
    const previous = rows[i + 1];
    const grants = parseGrants(row.grants);
    return {
      version: row.version, reason: row.reason, createdAt: row.createdAt.toISOString(), revertOf: row.revertOf,
      createdBy: row.createdById ? (name.get(row.createdById) ?? "a former user") : "Candor",
      changes: previous ? diffGrants(parseGrants(previous.grants), grants) : [],
    };
  });
}

// The rules every save must keep, whatever the editor sent.
async function validate(tx: Tx, tenantId: string, grants: Grants): Promise<void> {
  const roles = await tx.roleDefinition.findMany({ where: { tenantId }, select: { key: true } });
  const known = new Set(roles.map((r) => r.key));
  const sent = Object.keys(grants.roles);
  const unknown = sent.filter((k) => !known.has(k));
  const missing = [...known].filter((k) => !grants.roles[k]);
  const issues = [
    ...unknown.map((k) => ({ path: `body.grants.roles.${k}`, message: `No role "${k}" exists; create it first.` })),
    ...missing.map((k) => ({ path: `body.grants.roles.${k}`, message: `The role "${k}" has no grants in this matrix.` })),
  ];
  if (issues.length) throw new AppError("validation_failed", "The matrix must name exactly the tenant's roles.", { issues });
  const managers = sent.filter((k) => grants.roles[k]!.scopes["matrix.manage"] === "all");
  const holders = managers.length
    ? await tx.user.count({ where: { tenantId, active: true, role: { in: managers } } })
    : 0;
  if (holders === 0) {
    throw new AppError(
      "validation_failed",
      "This would leave nobody able to manage the matrix: keep \"Manage the matrix\" on a role that at least one active user has.",
      { issues: [{ path: "body.grants", message: "No active user would be able to manage the matrix." }] },
    );
  }
}

async function commit(
  tx: Tx,
  principal: Principal,
  baseVersion: number,
  grants: Grants,
  reason: string,
  revertOf: number | null = null,
): Promise<{ version: number; changes: GrantChange[] }> {
  await validate(tx, principal.tenantId, grants);
  const next = baseVersion + 1;
  // Compare-and-set: only one save can move the version from baseVersion.
  const moved = await tx.tenant.updateMany({
    where: { id: principal.tenantId, matrixVersion: baseVersion },
    data: { matrixVersion: next },
  });
  if (moved.count !== 1) {
    const current = await currentMatrix(tx, principal.tenantId);
    throw new AppError("conflict", `Someone saved version ${current.version} while you were editing version ${baseVersion}. Review their change and save again.`, {
      extensions: { current, yours: { baseVersion, grants, reason } },
    });
  }
  const before = await versionView(tx, principal.tenantId, baseVersion);
  await tx.permissionMatrixVersion.create({
    data: {
      tenantId: principal.tenantId, version: next, grants: grants as unknown as Prisma.InputJsonValue, reason,
      createdById: principal.userId, revertOf,
    },
  });
  // Candor's fields in the CRMs follow the new matrix where the CRM can express it.
  await enqueueJob(tx, { tenantId: principal.tenantId, kind: CRM_FIELD_VISIBILITY_JOB, dedupeKey: `crm-field-visibility:${principal.tenantId}`, createdBy: principal.userId });
  return { version: next, changes: before ? diffGrants(before.grants, grants) : [] };
}

export async function saveMatrix(tx: Tx, principal: Principal, input: SaveMatrixInput) {
  return commit(tx, principal, input.baseVersion, input.grants as Grants, input.reason);
}

export async function revertMatrix(tx: Tx, principal: Principal, input: { baseVersion: number; toVersion: number; reason: string }) {
  const target = await versionView(tx, principal.tenantId, input.toVersion);
  if (!target) throw new AppError("not_found", `There is no version ${input.toVersion}.`);
  // Roles created or removed since then keep their current existence: a role that exists now
  // gets no grants, one that no longer exists is dropped.
  const roles = await tx.roleDefinition.findMany({ where: { tenantId: principal.tenantId }, select: { key: true } });
  const grants: Grants = { roles: Object.fromEntries(roles.map((r) => [r.key, target.grants.roles[r.key] ?? emptyRoleGrants()])) };
  return commit(tx, principal, input.baseVersion, grants, input.reason, input.toVersion);
}

export async function listRoles(tx: Reader, tenantId: string) {
  const roles = await tx.roleDefinition.findMany({
    where: { tenantId },
    orderBy: [{ builtIn: "desc" }, { createdAt: "asc" }, { key: "asc" }],
    select: { key: true, name: true, description: true, builtIn: true, _count: { select: { users: { where: { active: true } }, mappings: true } } },
  });
  // Built-in roles in the matrix's own order, then the tenant's in the order they were made.
  const rank = (key: string) => {
    const i = BUILT_IN_ROLES.findIndex((b) => b.key === key);
    return i === -1 ? BUILT_IN_ROLES.length : i;
  };
  return roles
    .map(({ _count, ...r }) => ({ ...r, users: _count.users, mappings: _count.mappings }))
    .sort((a, b) => rank(a.key) - rank(b.key));
}

export async function createRole(tx: Tx, principal: Principal, input: CreateRoleInput) {
  const current = await currentMatrix(tx, principal.tenantId);
  if (current.version !== input.baseVersion) {
    throw new AppError("conflict", `The matrix changed (now version ${current.version}) while you were editing. Reload and try again.`, {
      extensions: { current },
    });
  }
  if (current.grants.roles[input.key] || (await tx.roleDefinition.findUnique({ where: { tenantId_key: { tenantId: principal.tenantId, key: input.key } } }))) {
    throw new AppError("conflict", `A role "${input.key}" already exists.`);
  }
  const source = input.cloneFrom ? current.grants.roles[input.cloneFrom] : undefined;
  if (input.cloneFrom && !source) {
    throw new AppError("validation_failed", `No role "${input.cloneFrom}" to clone.`, { issues: [{ path: "body.cloneFrom", message: "No such role." }] });
  }
  await tx.roleDefinition.create({
    data: { tenantId: principal.tenantId, key: input.key, name: input.name, description: input.description, builtIn: false },
  });
  const grants: Grants = { roles: { ...current.grants.roles, [input.key]: source ? structuredClone(source) : emptyRoleGrants() } };
  return commit(tx, principal, input.baseVersion, grants, input.reason);
}

export async function deleteRole(tx: Tx, principal: Principal, key: string, input: { baseVersion: number; reason: string }) {
  const role = await tx.roleDefinition.findUnique({
    where: { tenantId_key: { tenantId: principal.tenantId, key } },
    select: { builtIn: true, _count: { select: { users: true, mappings: true } } },
  });
  if (!role) throw new AppError("not_found", `No role "${key}".`);
  if (role.builtIn) throw new AppError("validation_failed", "Built-in roles cannot be deleted; take their grants away instead.");
  if (role._count.users || role._count.mappings) {
    throw new AppError("conflict", `The role is still given to ${role._count.users} user(s) and ${role._count.mappings} group mapping(s). Move them first.`);
  }
  const current = await currentMatrix(tx, principal.tenantId);
  await tx.roleDefinition.delete({ where: { tenantId_key: { tenantId: principal.tenantId, key } } });
  const { [key]: _removed, ...rest } = current.grants.roles;
  return commit(tx, principal, input.baseVersion, { roles: rest }, input.reason);
}

export function describeCapability(c: Capability) {
  return { key: c, ...CAPABILITY_INFO[c] };
}
