import "server-only";
import { revokeUserSessions } from "@/lib/auth/session-store";
import type { db, Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { LEAST_PRIVILEGE, recomputeFromMemberships } from "@/lib/identity/roles";
import { ScimError, scimNotFound } from "./errors";
import { matches } from "./filter-match";
import { assertFilterAttributes, indexedEquality } from "./filter-scope";
import type { JsonObject } from "./json";
import { buildListResponse, projectResource, type ListParams, type ListResponse, type Projection } from "./list";
import { applyPatch, parsePatchRequest } from "./patch";
import { isTombstone, TOMBSTONE_KEY, userColumns, userResource, type UserRecord } from "./resources";
import { USER_RESOURCE, validateUser, type ScimUser } from "./schemas";

// /Users persistence. Deactivation (active=false by PATCH or PUT) and DELETE revoke every live
// session of the user in the same transaction, so an open panel fails its very next request.
// DELETE keeps the row as a tombstone: flags and audit history reference it. A later POST with
// the same userName revives it.

type Reader = Tx | typeof db;
const ACTOR = { actorType: "scim" as const, actorUserId: null };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SELECT = {
  id: true, email: true, name: true, active: true, externalId: true, scim: true, createdAt: true, updatedAt: true,
  memberships: { select: { group: { select: { id: true, displayName: true } } } },
} as const;

type Row = Prisma.UserGetPayload<{ select: typeof SELECT }>;

function record(row: Row): UserRecord {
  const groups = row.memberships.map((m) => m.group).sort((a, b) => a.displayName.localeCompare(b.displayName));
  return { ...row, groups };
}

// Ids of live users whose userName (SCIM) or, for users never written by SCIM, email equals
// `userName` case-insensitively (userName is caseExact=false).
async function idsByUserName(tx: Reader, tenantId: string, userName: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM users
    WHERE tenant_id = ${tenantId}::uuid
      AND (lower(scim->>'userName') = lower(${userName}) OR (scim IS NULL AND email = lower(${userName})))`;
  return rows.map((r) => r.id);
}

async function loadRows(tx: Reader, tenantId: string, params: ListParams): Promise<Row[]> {
  const eq = indexedEquality(params.filter, USER_RESOURCE, ["id", "userName", "externalId"]);
  if (eq?.attribute === "id") {
    return UUID.test(eq.value) ? tx.user.findMany({ where: { tenantId, id: eq.value }, select: SELECT }) : [];
  }
  if (eq?.attribute === "externalId") return tx.user.findMany({ where: { tenantId, externalId: eq.value }, select: SELECT });
  if (eq?.attribute === "userName") {
    const ids = await idsByUserName(tx, tenantId, eq.value);
    return ids.length ? tx.user.findMany({ where: { tenantId, id: { in: ids } }, select: SELECT }) : [];
  }
  return tx.user.findMany({ where: { tenantId }, select: SELECT, orderBy: { createdAt: "asc" } });
}

export async function listUsers(tx: Reader, tenantId: string, params: ListParams, baseUrl: string): Promise<ListResponse> {
  if (params.filter) assertFilterAttributes(params.filter, USER_RESOURCE);
  const rows = (await loadRows(tx, tenantId, params)).filter((r) => !isTombstone(r.scim));
  const resources = rows.map((r) => userResource(record(r), baseUrl));
  const matched = params.filter ? resources.filter((r) => matches(params.filter!, r, USER_RESOURCE)) : resources;
  return buildListResponse(matched, { ...params, schema: USER_RESOURCE });
}

async function loadLive(tx: Reader, tenantId: string, id: string): Promise<Row> {
  const row = UUID.test(id) ? await tx.user.findFirst({ where: { id, tenantId }, select: SELECT }) : null;
  if (!row || isTombstone(row.scim)) throw scimNotFound(`User ${id} not found`);
  return row;
}

export async function getUser(tx: Reader, tenantId: string, id: string, baseUrl: string, projection: Projection = {}): Promise<JsonObject> {
  return projectResource(userResource(record(await loadLive(tx, tenantId, id)), baseUrl), USER_RESOURCE, projection);
}

// Serialises writers of one userName (two concurrent POSTs would otherwise both pass the check).
async function lockUserName(tx: Tx, tenantId: string, userName: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${tenantId}:user:${userName.toLowerCase()}`}))`;
}

async function assertUserNameFree(tx: Tx, tenantId: string, userName: string, selfId: string | null): Promise<string | null> {
  await lockUserName(tx, tenantId, userName);
  const ids = (await idsByUserName(tx, tenantId, userName)).filter((id) => id !== selfId);
  if (ids.length === 0) return null;
  const rows = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, scim: true } });
  const live = rows.find((r) => !isTombstone(r.scim));
  if (live) throw new ScimError("uniqueness", `userName '${userName}' is already in use`);
  return rows[0]?.id ?? null;
}

async function assertEmailFree(tx: Tx, tenantId: string, email: string, selfId: string | null): Promise<void> {
  const other = await tx.user.findUnique({ where: { tenantId_email: { tenantId, email } }, select: { id: true, scim: true } });
  if (other && other.id !== selfId) {
    throw new ScimError("uniqueness", isTombstone(other.scim)
      ? `The email '${email}' belongs to a deleted user; recreate it with that user's userName`
      : `The email '${email}' is already in use by another user`);
  }
}

export interface WriteOutcome {
  resource: JsonObject;
  id: string;
  details: Prisma.InputJsonValue;
}

async function finish(tx: Tx, tenantId: string, id: string, baseUrl: string, details: Prisma.InputJsonValue): Promise<WriteOutcome> {
  const resource = userResource(record(await loadLive(tx, tenantId, id)), baseUrl);
  return { id, details, resource: projectResource(resource, USER_RESOURCE) };
}

export async function createUser(tx: Tx, tenantId: string, body: unknown, baseUrl: string): Promise<WriteOutcome> {
  const user = validateUser(body, { mode: "create" });
  const columns = userColumns(user);
  const tombstoneId = await assertUserNameFree(tx, tenantId, user.userName, null);
  await assertEmailFree(tx, tenantId, columns.email, tombstoneId);
  const data = {
    email: columns.email, name: columns.name, externalId: columns.externalId, scim: columns.scim,
    active: columns.active ?? true,
  };
  if (tombstoneId) {
    await tx.user.update({ where: { id: tombstoneId }, data });
    return finish(tx, tenantId, tombstoneId, baseUrl, { revived: true });
  }
  const created = await tx.user.create({ data: { tenantId, ...data, ...LEAST_PRIVILEGE }, select: { id: true } });
  return finish(tx, tenantId, created.id, baseUrl, {});
}

// The common tail of PUT and PATCH: store the new resource, then act on a change of `active`.
async function write(tx: Tx, tenantId: string, row: Row, user: ScimUser, baseUrl: string): Promise<WriteOutcome> {
  const columns = userColumns(user);
  const before = userResource(record(row), baseUrl);
  if (String(before.userName).toLowerCase() !== user.userName.toLowerCase()) {
    await assertUserNameFree(tx, tenantId, user.userName, row.id);
  }
  if (columns.email !== row.email) await assertEmailFree(tx, tenantId, columns.email, row.id);
  // PUT without `active` leaves it alone: Okta always sends it, and a client that omits it does
  // not mean to reactivate (or deactivate) anyone.
  const active = columns.active ?? row.active;
  await tx.user.update({
    where: { id: row.id },
    data: { email: columns.email, name: columns.name, externalId: columns.externalId, scim: columns.scim, active },
  });
  let revokedSessions = 0;
  if (row.active && !active) revokedSessions = await revokeUserSessions(row.id, tx);
  const details = row.active !== active ? { active, revokedSessions } : {};
  return finish(tx, tenantId, row.id, baseUrl, details);
}

export async function replaceUser(tx: Tx, tenantId: string, id: string, body: unknown, baseUrl: string): Promise<WriteOutcome> {
  const row = await loadLive(tx, tenantId, id);
  const existing = userResource(record(row), baseUrl);
  return write(tx, tenantId, row, validateUser(body, { mode: "replace", existing }), baseUrl);
}

export async function patchUser(tx: Tx, tenantId: string, id: string, body: unknown, baseUrl: string): Promise<WriteOutcome> {
  const operations = parsePatchRequest(body);
  const row = await loadLive(tx, tenantId, id);
  const existing = userResource(record(row), baseUrl);
  const patched = applyPatch(existing, operations, { schema: USER_RESOURCE });
  return write(tx, tenantId, row, validateUser(patched, { mode: "replace", existing }), baseUrl);
}

export async function deleteUser(tx: Tx, tenantId: string, id: string): Promise<{ revokedSessions: number }> {
  const row = await loadLive(tx, tenantId, id);
  const revokedSessions = await revokeUserSessions(row.id, tx);
  await tx.groupMember.deleteMany({ where: { userId: row.id } });
  // Keeps userName so a re-created user with it revives this row (and its history).
  const userName = String(userResource(record(row), "").userName);
  await tx.user.update({
    where: { id: row.id },
    data: { active: false, ssoSubject: null, externalId: null, scim: { userName, [TOMBSTONE_KEY]: new Date().toISOString() } },
  });
  await recomputeFromMemberships(tx, tenantId, [row.id], "scim", ACTOR);
  return { revokedSessions };
}
