import "server-only";
import type { db, Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recomputeFromMemberships } from "@/lib/identity/roles";
import { ScimError, scimNotFound } from "./errors";
import { matches } from "./filter-match";
import { assertFilterAttributes, indexedEquality } from "./filter-scope";
import type { JsonObject } from "./json";
import { buildListResponse, projectResource, type ListParams, type ListResponse, type Projection } from "./list";
import { applyPatch, parsePatchRequest } from "./patch";
import { groupResource, isTombstone, memberIds, type GroupRecord } from "./resources";
import { GROUP_RESOURCE, validateGroup, type ScimGroup } from "./schemas";

// /Groups persistence. A group's members get their role and region from GroupRoleMapping (by the
// group's displayName), so every change of membership or name recomputes the affected users.

type Reader = Tx | typeof db;
const ACTOR = { actorType: "scim" as const, actorUserId: null };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SELECT = {
  id: true, displayName: true, externalId: true, createdAt: true, updatedAt: true,
  members: { select: { user: { select: { id: true, name: true } } } },
} as const;

type Row = Prisma.GroupGetPayload<{ select: typeof SELECT }>;

function record(row: Row): GroupRecord {
  const members = row.members.map((m) => m.user).sort((a, b) => a.id.localeCompare(b.id));
  return { ...row, members };
}

async function loadRows(tx: Reader, tenantId: string, params: ListParams): Promise<Row[]> {
  const eq = indexedEquality(params.filter, GROUP_RESOURCE, ["id", "displayName", "externalId"]);
  if (eq?.attribute === "id") {
    return UUID.test(eq.value) ? tx.group.findMany({ where: { tenantId, id: eq.value }, select: SELECT }) : [];
  }
  if (eq?.attribute === "externalId") return tx.group.findMany({ where: { tenantId, externalId: eq.value }, select: SELECT });
  if (eq?.attribute === "displayName") {
    return tx.group.findMany({ where: { tenantId, displayName: { equals: eq.value, mode: "insensitive" } }, select: SELECT });
  }
  return tx.group.findMany({ where: { tenantId }, select: SELECT, orderBy: { createdAt: "asc" } });
}

export async function listGroups(tx: Reader, tenantId: string, params: ListParams, baseUrl: string): Promise<ListResponse> {
  if (params.filter) assertFilterAttributes(params.filter, GROUP_RESOURCE);
  const resources = (await loadRows(tx, tenantId, params)).map((r) => groupResource(record(r), baseUrl));
  const matched = params.filter ? resources.filter((r) => matches(params.filter!, r, GROUP_RESOURCE)) : resources;
  return buildListResponse(matched, { ...params, schema: GROUP_RESOURCE });
}

async function load(tx: Reader, tenantId: string, id: string): Promise<Row> {
  const row = UUID.test(id) ? await tx.group.findFirst({ where: { id, tenantId }, select: SELECT }) : null;
  if (!row) throw scimNotFound(`Group ${id} not found`);
  return row;
}

export async function getGroup(tx: Reader, tenantId: string, id: string, baseUrl: string, projection: Projection = {}): Promise<JsonObject> {
  return projectResource(groupResource(record(await load(tx, tenantId, id)), baseUrl), GROUP_RESOURCE, projection);
}

// displayName is caseExact=false: "Sales" and "sales" are the same group name.
async function assertNameFree(tx: Tx, tenantId: string, displayName: string, selfId: string | null): Promise<void> {
  const clash = await tx.group.findFirst({
    where: { tenantId, displayName: { equals: displayName, mode: "insensitive" }, ...(selfId ? { NOT: { id: selfId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new ScimError("uniqueness", `A group named '${displayName}' already exists`);
}

// Members must be live users of this tenant: a dangling id would silently grant nothing.
async function resolveMembers(tx: Tx, tenantId: string, group: ScimGroup): Promise<string[]> {
  const { userIds, nonUser } = memberIds(group);
  if (nonUser) throw new ScimError("invalidValue", "Only users can be group members");
  const bad = userIds.find((id) => !UUID.test(id));
  if (bad) throw new ScimError("invalidValue", `No user with id '${bad}'`);
  const found = await tx.user.findMany({ where: { tenantId, id: { in: userIds } }, select: { id: true, scim: true } });
  const live = new Set(found.filter((u) => !isTombstone(u.scim)).map((u) => u.id));
  const missing = userIds.find((id) => !live.has(id));
  if (missing) throw new ScimError("invalidValue", `No user with id '${missing}'`);
  return userIds;
}

export interface GroupWriteOutcome {
  id: string;
  resource: JsonObject;
  details: Prisma.InputJsonValue;
}

async function finish(tx: Tx, tenantId: string, id: string, baseUrl: string, affected: string[], details: Record<string, number>): Promise<GroupWriteOutcome> {
  const roleChanges = await recomputeFromMemberships(tx, tenantId, affected, "scim", ACTOR);
  const resource = projectResource(groupResource(record(await load(tx, tenantId, id)), baseUrl), GROUP_RESOURCE);
  return { id, details: { ...details, roleChanges }, resource };
}

export async function createGroup(tx: Tx, tenantId: string, body: unknown, baseUrl: string): Promise<GroupWriteOutcome> {
  const group = validateGroup(body, { mode: "create" });
  await assertNameFree(tx, tenantId, group.displayName, null);
  const members = await resolveMembers(tx, tenantId, group);
  const created = await tx.group.create({
    data: {
      tenantId, displayName: group.displayName, externalId: typeof group.externalId === "string" ? group.externalId : null,
      members: { create: members.map((userId) => ({ userId, tenantId })) },
    },
    select: { id: true },
  });
  return finish(tx, tenantId, created.id, baseUrl, members, { added: members.length });
}

async function write(tx: Tx, tenantId: string, row: Row, group: ScimGroup, baseUrl: string): Promise<GroupWriteOutcome> {
  if (group.displayName !== row.displayName) await assertNameFree(tx, tenantId, group.displayName, row.id);
  const next = new Set(await resolveMembers(tx, tenantId, group));
  const before = new Set(row.members.map((m) => m.user.id));
  const added = [...next].filter((id) => !before.has(id));
  const removed = [...before].filter((id) => !next.has(id));
  await tx.group.update({
    where: { id: row.id },
    data: { displayName: group.displayName, externalId: typeof group.externalId === "string" ? group.externalId : null },
  });
  if (removed.length) await tx.groupMember.deleteMany({ where: { groupId: row.id, userId: { in: removed } } });
  if (added.length) await tx.groupMember.createMany({ data: added.map((userId) => ({ tenantId, groupId: row.id, userId })), skipDuplicates: true });
  // A rename can move every member onto (or off) a mapped group name.
  const renamed = group.displayName !== row.displayName;
  const affected = renamed ? [...new Set([...before, ...next])] : [...added, ...removed];
  return finish(tx, tenantId, row.id, baseUrl, affected, { added: added.length, removed: removed.length, renamed: renamed ? 1 : 0 });
}

export async function replaceGroup(tx: Tx, tenantId: string, id: string, body: unknown, baseUrl: string): Promise<GroupWriteOutcome> {
  const row = await load(tx, tenantId, id);
  const existing = groupResource(record(row), baseUrl);
  return write(tx, tenantId, row, validateGroup(body, { mode: "replace", existing }), baseUrl);
}

export async function patchGroup(tx: Tx, tenantId: string, id: string, body: unknown, baseUrl: string): Promise<GroupWriteOutcome> {
  const operations = parsePatchRequest(body);
  const row = await load(tx, tenantId, id);
  const existing = groupResource(record(row), baseUrl);
  const patched = applyPatch(existing, operations, { schema: GROUP_RESOURCE });
  return write(tx, tenantId, row, validateGroup(patched, { mode: "replace", existing }), baseUrl);
}

export async function deleteGroup(tx: Tx, tenantId: string, id: string): Promise<{ removedMembers: number }> {
  const row = await load(tx, tenantId, id);
  const former = row.members.map((m) => m.user.id);
  await tx.group.delete({ where: { id: row.id } });
  await recomputeFromMemberships(tx, tenantId, former, "scim", ACTOR);
  return { removedMembers: former.length };
}
