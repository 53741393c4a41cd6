import { Prisma } from "@/lib/generated/prisma/client";
import { scopeOf, type Principal } from "./policy";
import type { Capability } from "./capabilities";

// The same rule as policy.ts's matchScope, as a filter the database applies: lists and aggregates
// are scoped in SQL, never by fetching and filtering. matrix.integration.test.ts and the
// policy property tests check that the two agree record for record.

export function recordWhere(principal: Principal, capability: Capability): Prisma.CrmRecordWhereInput {
  const scope = scopeOf(principal, capability);
  const tenant = { tenantId: principal.tenantId };
  if (scope === "all") return tenant;
  if (scope === "none") return { ...tenant, id: { in: [] } };
  const any: Prisma.CrmRecordWhereInput[] = [{ ownerUserId: principal.userId }];
  if (scope !== "own" && principal.teamId) any.push({ owner: { is: { teamId: principal.teamId } } });
  if (scope === "region" && principal.region) any.push({ region: principal.region });
  return { ...tenant, OR: any };
}

// For raw SQL over crm_records: `WHERE ${recordScopeSql(p, "dashboards.view", "r")}`.
export function recordScopeSql(principal: Principal, capability: Capability, alias = "r"): Prisma.Sql {
  const scope = scopeOf(principal, capability);
  const col = (name: string) => Prisma.raw(`"${alias}"."${name}"`);
  const tenant = Prisma.sql`${col("tenant_id")} = ${principal.tenantId}::uuid`;
  if (scope === "all") return tenant;
  if (scope === "none") return Prisma.sql`FALSE`;
  const any: Prisma.Sql[] = [Prisma.sql`${col("owner_user_id")} = ${principal.userId}::uuid`];
  if (scope !== "own" && principal.teamId) {
    any.push(Prisma.sql`${col("owner_user_id")} IN (SELECT u.id FROM users u WHERE u.tenant_id = ${principal.tenantId}::uuid AND u.team_id = ${principal.teamId}::uuid)`);
  }
  if (scope === "region" && principal.region) any.push(Prisma.sql`${col("region")} = ${principal.region}`);
  return Prisma.sql`${tenant} AND (${Prisma.join(any, " OR ")})`;
}

// The fields a single-record check selects alongside the record.
export const SCOPED_RECORD_SELECT = {
  tenantId: true, ownerUserId: true, region: true, owner: { select: { teamId: true } },
} as const;

export function toScoped(r: { tenantId: string; ownerUserId: string | null; region: string | null; owner: { teamId: string | null } | null }) {
  return { tenantId: r.tenantId, ownerUserId: r.ownerUserId, region: r.region, ownerTeamId: r.owner?.teamId ?? null };
}
