import "server-only";
import { db, type Tx } from "@/lib/db";
import { log } from "@/lib/log";
import { emptyRoleGrants, type Grants, type RoleGrants } from "./default-matrix";
import { GrantsSchema } from "./schema";

// The matrix in force, per tenant, cached per process by version. Every request reads the
// tenant's current version number together with its session (one query), so the cache can never
// serve a matrix that was replaced: a new number misses and loads the new version.

const cache = new Map<string, { version: number; grants: Grants }>();

export async function grantsFor(tenantId: string, version: number, tx: Tx | typeof db = db): Promise<Grants> {
  const hit = cache.get(tenantId);
  if (hit && hit.version === version) return hit.grants;
  const row = await tx.permissionMatrixVersion.findUnique({
    where: { tenantId_version: { tenantId, version } },
    select: { grants: true },
  });
  const parsed = GrantsSchema.safeParse(row?.grants);
  if (!parsed.success) {
    // Fail closed: a missing or unreadable matrix grants nothing.
    log.error({ tenantId, version }, "permission matrix missing or invalid; granting nothing");
    return { roles: {} };
  }
  const grants = parsed.data as Grants;
  if (!hit || hit.version < version) cache.set(tenantId, { version, grants });
  return grants;
}

export function roleGrants(grants: Grants, role: string): RoleGrants {
  return grants.roles[role] ?? emptyRoleGrants();
}
