import "server-only";
import type { CrmRecordData } from "@/lib/crm/adapter";
import { adapterFor } from "@/lib/crm/connections";
import { db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueJob } from "@/lib/jobs";
import { rescoreRecord } from "@/lib/scoring/rescore";
import { clip, toStorable } from "@/lib/storable";

// Keeping Candor's copy of CRM records fresh, and their scores with it: a change (a webhook, a
// poll) becomes an upsert of the record and its activities, stale summaries, and a rescore of that
// one record with the active model, published through the outbox, within seconds.

export const SYNC_RECORD_JOB = "crm_sync_record";
export const POLL_JOB = "crm_poll";
export const POLL_ALL_JOB = "crm_poll_all";
// A poll reads at most this many pages of this many records; the next poll goes on from there.
const POLL_PAGE = 200;
const POLL_MAX_PAGES = 10;

// Values that change whenever anyone (Candor's own write-back included) saves the record; a
// change in them alone is not news about the lead.
const VOLATILE_FIELD = /^(candor_|lastmodifieddate$|systemmodstamp$|hs_lastmodifieddate$|hs_updated_by_user_id$)/i;

function meaningful(fields: Record<string, unknown>): string {
  return JSON.stringify(
    Object.keys(fields)
      .filter((k) => !VOLATILE_FIELD.test(k))
      .sort()
      .map((k) => [k, fields[k] ?? null]),
  );
}

const activityKey = (a: { kind: string; subject: string; occurredAt: Date }) => `${a.kind}\u0000${a.subject}\u0000${a.occurredAt.getTime()}`;

interface Connection {
  id: string;
  tenantId: string;
  provider: "SALESFORCE" | "HUBSPOT";
  externalOrgId: string;
}

/**
 * Upserts one record as the CRM sent it. Activities are merged, not replaced: the Activity table
 * has no CRM id to match deletions on, and activity history Candor received from elsewhere (the
 * demo's, a bulk import) must survive a CRM that only returns recent tasks.
 */
export async function applyCrmRecord(connection: Connection, received: CrmRecordData) {
  // A CRM can hold characters PostgreSQL cannot (a NUL pasted into a field): they become U+FFFD
  // rather than failing the sync of the whole record forever.
  const data = toStorable(received);
  const owner = data.ownerExternalId
    ? await db.crmIdentity.findUnique({
        where: {
          provider_externalOrgId_externalUserId: {
            provider: connection.provider, externalOrgId: connection.externalOrgId, externalUserId: data.ownerExternalId,
          },
        },
        select: { user: { select: { id: true, region: true, tenantId: true } } },
      })
    : null;
  const ownerUser = owner?.user.tenantId === connection.tenantId ? owner.user : null;
  const key = { tenantId: connection.tenantId, provider: connection.provider, objectType: data.objectType, externalId: data.externalId };
  const existing = await db.crmRecord.findUnique({
    where: { tenantId_provider_objectType_externalId: key },
    include: { activities: { select: { kind: true, subject: true, occurredAt: true } } },
  });
  const known = new Set(existing?.activities.map(activityKey) ?? []);
  const incoming = data.activities
    .map((a) => ({ kind: a.kind, subject: clip(a.subject, 500), occurredAt: new Date(a.occurredAt) }))
    .filter((a) => !Number.isNaN(a.occurredAt.getTime()) && !known.has(activityKey(a)));
  const closedAt = data.closedAt ? new Date(data.closedAt) : null;
  const changed =
    !existing ||
    incoming.length > 0 ||
    meaningful(existing.fields as Record<string, unknown>) !== meaningful(data.fields) ||
    existing.outcome !== data.outcome ||
    existing.name !== data.name ||
    existing.ownerExternalId !== data.ownerExternalId;

  const now = new Date();
  const values = {
    name: clip(data.name, 300), ownerExternalId: data.ownerExternalId,
    ownerUserId: ownerUser?.id ?? (data.ownerExternalId === existing?.ownerExternalId ? existing?.ownerUserId ?? null : null),
    region: ownerUser?.region ?? existing?.region ?? null,
    fields: data.fields as Prisma.InputJsonValue, outcome: data.outcome, closedAt,
    crmCreatedAt: new Date(data.createdAt), crmUpdatedAt: new Date(data.updatedAt), lastSyncedAt: now,
  };
  const record = await db.$transaction(async (tx: Tx) => {
    const saved = existing
      ? await tx.crmRecord.update({ where: { id: existing.id }, data: changed ? values : { lastSyncedAt: now }, select: { id: true } })
      : await tx.crmRecord.create({ data: { ...key, ...values }, select: { id: true } });
    if (incoming.length > 0) {
      await tx.activity.createMany({ data: incoming.map((a) => ({ ...a, tenantId: connection.tenantId, recordId: saved.id })) });
    }
    if (changed) await tx.summary.updateMany({ where: { recordId: saved.id, stale: false }, data: { stale: true } });
    return saved;
  });
  return { recordId: record.id, created: !existing, changed, newActivities: incoming.length };
}

async function connectionById(connectionId: string): Promise<Connection | null> {
  return db.crmConnection.findUnique({
    where: { id: connectionId },
    select: { id: true, tenantId: true, provider: true, externalOrgId: true },
  });
}

async function applyAndRescore(connection: Connection, data: CrmRecordData, because: string) {
  const applied = await applyCrmRecord(connection, data);
  const hasScore = applied.changed ? true : (await db.score.count({ where: { recordId: applied.recordId, isCurrent: true, shadow: false } })) > 0;
  const rescored = applied.changed || !hasScore ? await rescoreRecord(applied.recordId, { trigger: "incremental", because }) : null;
  return { ...applied, score: rescored?.value ?? null, rescored: rescored?.scoreId != null };
}

/** One changed record: read it from the CRM, store it, rescore it. */
export async function syncRecord(payload: { connectionId: string; objectType: string; externalId: string }) {
  const connection = await connectionById(payload.connectionId);
  if (!connection) return { status: "no_connection" as const };
  const adapter = await adapterFor(connection.id);
  const data = await adapter.readRecord(payload.objectType, payload.externalId);
  if (!data) return { status: "not_found" as const };
  return { status: "synced" as const, ...(await applyAndRescore(connection, data, "record changed in the CRM")) };
}

/** For webhook handlers and other producers: coalesces bursts for one record into one job. */
export async function enqueueRecordSync(
  tx: Tx | typeof db,
  tenantId: string,
  payload: { connectionId: string; objectType: string; externalId: string },
) {
  return enqueueJob(tx, {
    tenantId, kind: SYNC_RECORD_JOB, payload,
    dedupeKey: `${SYNC_RECORD_JOB}:${payload.connectionId}:${payload.objectType}:${payload.externalId}`,
  });
}

/**
 * A rep opened Candor on a record Candor has no copy of yet (created before the connection, or not
 * changed since): fetch it now rather than wait for a change, so the panel's "not synced yet" can
 * say it is on its way.
 */
export async function syncIfUnknown(
  tx: Tx | typeof db,
  connection: { id: string; tenantId: string; provider: "SALESFORCE" | "HUBSPOT" },
  record: { objectType: string; externalId: string },
): Promise<boolean> {
  const known = await tx.crmRecord.count({
    where: { tenantId: connection.tenantId, provider: connection.provider, objectType: record.objectType, externalId: record.externalId },
  });
  if (known > 0) return false;
  await enqueueRecordSync(tx, connection.tenantId, { connectionId: connection.id, ...record });
  return true;
}

// One cursor per object type, kept as JSON in the connection's single syncCursor column.
function readCursors(value: string | null): Record<string, string> {
  if (!value) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string"));
    }
  } catch {
    // A cursor written by an older version: start over for every type.
  }
  return {};
}

const DEFAULT_OBJECT_TYPES: Record<Connection["provider"], string[]> = { SALESFORCE: ["Lead"], HUBSPOT: ["contacts"] };

/** Pulls everything changed since the last poll, for every object type Candor scores. */
export async function pollConnection(connectionId: string) {
  const connection = await db.crmConnection.findUnique({
    where: { id: connectionId },
    select: { id: true, tenantId: true, provider: true, externalOrgId: true, syncCursor: true },
  });
  if (!connection) return { status: "no_connection" as const, records: 0, rescored: 0 };
  const types = await db.crmRecord.findMany({
    where: { tenantId: connection.tenantId, provider: connection.provider },
    distinct: ["objectType"],
    select: { objectType: true },
  });
  const objectTypes = types.length > 0 ? types.map((t) => t.objectType) : DEFAULT_OBJECT_TYPES[connection.provider];
  const adapter = await adapterFor(connection.id);
  const cursors = readCursors(connection.syncCursor);
  let records = 0;
  let rescored = 0;
  for (const objectType of objectTypes) {
    for (let page = 0; page < POLL_MAX_PAGES; page++) {
      const batch = await adapter.listChangedSince(objectType, cursors[objectType] ?? null, POLL_PAGE);
      for (const data of batch.records) {
        const result = await applyAndRescore(connection, data, "record changed in the CRM");
        records++;
        if (result.rescored) rescored++;
      }
      if (batch.nextCursor) cursors[objectType] = batch.nextCursor;
      await db.crmConnection.update({ where: { id: connection.id }, data: { syncCursor: JSON.stringify(cursors) } });
      if (batch.records.length < POLL_PAGE) break;
    }
  }
  return { status: "polled" as const, records, rescored };
}

export async function enqueuePoll(tx: Tx | typeof db, tenantId: string, connectionId: string) {
  return enqueueJob(tx, { tenantId, kind: POLL_JOB, payload: { connectionId }, dedupeKey: `${POLL_JOB}:${connectionId}` });
}

/** The poll schedule's fan-out: one poll per Salesforce connection, unless one is already waiting. */
export async function enqueueDuePolls() {
  const connections = await db.crmConnection.findMany({ where: { provider: "SALESFORCE" }, select: { id: true, tenantId: true } });
  let enqueued = 0;
  for (const c of connections) if (!(await enqueuePoll(db, c.tenantId, c.id)).deduplicated) enqueued++;
  return { connections: connections.length, enqueued };
}

/**
 * Polls every Salesforce connection of a tenant now (the schedule keeps polling after). `from` is
 * for callers that just loaded the records themselves (the demo seed): polling starts there
 * instead of re-reading every record once. The Salesforce adapter's cursor is that instant.
 */
export async function ensureCrmPolling(tenantId: string, opts: { from?: Date } = {}) {
  const connections = await db.crmConnection.findMany({
    where: { tenantId, provider: "SALESFORCE" },
    select: { id: true, syncCursor: true },
  });
  for (const c of connections) {
    if (opts.from && !c.syncCursor) {
      const types = await db.crmRecord.findMany({
        where: { tenantId, provider: "SALESFORCE" }, distinct: ["objectType"], select: { objectType: true },
      });
      const cursors = Object.fromEntries(types.map((t) => [t.objectType, opts.from!.toISOString()]));
      await db.crmConnection.update({ where: { id: c.id }, data: { syncCursor: JSON.stringify(cursors) } });
    }
    await enqueuePoll(db, tenantId, c.id);
  }
}
