import "server-only";
import type { z } from "zod";
import type { db, Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recomputeFromMemberships } from "@/lib/identity/roles";
import type { Principal } from "./policy";
import type { RegionInput, TeamInput } from "./schema";

// Regions and teams: the reference data the region and team scopes rest on. A user, mapping or
// team can only name a region that exists (foreign keys); removing one still in use is refused.

type Reader = Tx | typeof db;

export async function listRegions(tx: Reader, tenantId: string) {
  const regions = await tx.region.findMany({
    where: { tenantId },
    orderBy: { code: "asc" },
    select: { code: true, name: true, _count: { select: { users: true, teams: true, mappings: true } } },
  });
  const records = await tx.crmRecord.groupBy({ by: ["region"], where: { tenantId }, _count: { _all: true } });
  const recordCount = new Map(records.map((r) => [r.region, r._count._all]));
  return regions.map(({ _count, ...r }) => ({ ...r, users: _count.users, teams: _count.teams, mappings: _count.mappings, records: recordCount.get(r.code) ?? 0 }));
}

export async function createRegion(tx: Tx, principal: Principal, input: z.infer<typeof RegionInput>) {
  const clash = await tx.region.findFirst({
    where: { tenantId: principal.tenantId, OR: [{ code: input.code }, { name: { equals: input.name, mode: "insensitive" } }] },
    select: { code: true },
  });
  if (clash) throw new AppError("conflict", `A region with the code ${input.code} or the name "${input.name}" already exists.`);
  return tx.region.create({ data: { tenantId: principal.tenantId, ...input }, select: { code: true, name: true } });
}

export async function deleteRegion(tx: Tx, principal: Principal, code: string) {
  const region = await tx.region.findUnique({
    where: { tenantId_code: { tenantId: principal.tenantId, code } },
    select: { _count: { select: { users: true, teams: true, mappings: true } } },
  });
  if (!region) throw new AppError("not_found", `No region ${code}.`);
  const records = await tx.crmRecord.count({ where: { tenantId: principal.tenantId, region: code } });
  const { users, teams, mappings } = region._count;
  if (users || teams || mappings || records) {
    throw new AppError("conflict", `${code} is still used by ${users} user(s), ${teams} team(s), ${mappings} group mapping(s) and ${records} record(s).`);
  }
  await tx.region.delete({ where: { tenantId_code: { tenantId: principal.tenantId, code } } });
  return { code };
}

export async function listTeams(tx: Reader, tenantId: string) {
  const teams = await tx.team.findMany({
    where: { tenantId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, regionCode: true, source: true, externalRef: true, _count: { select: { users: true } } },
  });
  return teams.map(({ _count, ...t }) => ({ ...t, members: _count.users }));
}

async function assertRegion(tx: Tx, tenantId: string, code: string | null) {
  if (!code) return;
  const found = await tx.region.findUnique({ where: { tenantId_code: { tenantId, code } }, select: { code: true } });
  if (!found) throw new AppError("validation_failed", `No region ${code} exists.`, { issues: [{ path: "body.regionCode", message: "Unknown region." }] });
}

// A team linked to a SCIM group takes that group's members at once.
async function syncMembers(tx: Tx, principal: Principal, team: { source: string; externalRef: string | null }) {
  if (team.source !== "scim_group" || !team.externalRef) return 0;
  const members = await tx.groupMember.findMany({
    where: { group: { tenantId: principal.tenantId, displayName: { equals: team.externalRef, mode: "insensitive" } } },
    select: { userId: true },
  });
  return recomputeFromMemberships(tx, principal.tenantId, members.map((m) => m.userId), "mapping", { actorType: "user", actorUserId: principal.userId });
}

export async function createTeam(tx: Tx, principal: Principal, input: z.infer<typeof TeamInput>) {
  await assertRegion(tx, principal.tenantId, input.regionCode);
  const clash = await tx.team.findFirst({ where: { tenantId: principal.tenantId, name: { equals: input.name, mode: "insensitive" } }, select: { id: true } });
  if (clash) throw new AppError("conflict", `A team named "${input.name}" already exists.`);
  const team = await tx.team.create({
    data: { tenantId: principal.tenantId, ...input },
    select: { id: true, name: true, regionCode: true, source: true, externalRef: true },
  });
  return { team, membersChanged: await syncMembers(tx, principal, team) };
}

export async function deleteTeam(tx: Tx, principal: Principal, id: string) {
  const team = await tx.team.findFirst({ where: { id, tenantId: principal.tenantId }, select: { id: true, name: true, _count: { select: { users: true } } } });
  if (!team) throw new AppError("not_found", "No such team.");
  // Members simply leave the team (users.team_id is set to null by the foreign key).
  await tx.team.delete({ where: { id } });
  return { id, name: team.name, membersRemoved: team._count.users };
}
