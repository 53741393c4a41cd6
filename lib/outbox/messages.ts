import "server-only";
import { recordAudit } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { applyDead, applyDelivered } from "./effects";

// The outbox rows' side of delivery: claiming under a lease, and settling each claimed row. Every
// settle is fenced on the lease it was claimed with (locked_until, unique per claim because a row
// can only be re-claimed after its lease has passed), so a worker that stalled past its lease and
// wakes up late cannot overwrite what the worker that took over decided.

export const MAX_ATTEMPTS = 12;
export const LEASE_MS = 60_000;

export type Claimed = {
  id: string;
  tenantId: string;
  connectionId: string;
  kind: string;
  objectType: string;
  recordExternalId: string;
  payload: Prisma.JsonValue;
  idempotencyKey: string;
  attempts: number;
  correlationId: string;
  sourceType: string | null;
  sourceId: string | null;
  createdAt: Date;
  // Set by every failed or handed-back attempt, so null means "first chance".
  lastError: string | null;
  lockedUntil: Date;
};

export type Settlement =
  | { type: "delivered"; externalId: string }
  | { type: "failed"; code: string; message: string; retryable: boolean; retryAfterMs?: number }
  // Not an attempt: the connection is throttled, so the claim is handed back without counting.
  | { type: "deferred"; until: Date; reason: string }
  // A newer field write for the same record exists; sending this one could only overwrite it.
  | { type: "superseded"; by: string };

export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30 * 60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

export async function claimDue(limit: number): Promise<Claimed[]> {
  return db.$queryRaw<Claimed[]>`
    UPDATE outbox_messages SET status = 'IN_FLIGHT', locked_until = now() + ${`${LEASE_MS} milliseconds`}::interval, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox_messages
      WHERE attempts < ${MAX_ATTEMPTS}
        AND ((status = 'PENDING' AND next_attempt_at <= now()) OR (status = 'IN_FLIGHT' AND locked_until < now()))
      ORDER BY created_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, tenant_id AS "tenantId", connection_id AS "connectionId", kind, object_type AS "objectType",
      record_external_id AS "recordExternalId", payload, idempotency_key AS "idempotencyKey", attempts,
      correlation_id AS "correlationId", source_type AS "sourceType", source_id AS "sourceId",
      created_at AS "createdAt", last_error AS "lastError", locked_until AS "lockedUntil"`;
}

// A worker that died holding a message on its last attempt would otherwise leave it claimable
// forever (claimDue skips it): it is dead, visibly, like any other exhausted message.
export async function reapExhausted(): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string; tenantId: string; kind: string; attempts: number; sourceType: string | null; sourceId: string | null; payload: unknown }>>`
      UPDATE outbox_messages SET status = 'DEAD', locked_until = NULL, last_error = 'LEASE_EXPIRED: the worker holding the last attempt stopped'
      WHERE status = 'IN_FLIGHT' AND locked_until < now() AND attempts >= ${MAX_ATTEMPTS}
      RETURNING id, tenant_id AS "tenantId", kind, attempts, source_type AS "sourceType", source_id AS "sourceId", payload`;
    for (const m of rows) {
      await applyDead(tx, m);
      await recordAudit({ tenantId: m.tenantId, actorType: "system", action: `crm.${m.kind}`, resourceType: "outbox_message", resourceId: m.id, outcome: "failure", details: { code: "LEASE_EXPIRED", attempts: m.attempts } }, tx);
    }
    return rows.length;
  });
}

// Writes that replace what the CRM holds, so the newest one wins: a record's Candor fields, and
// the revisions of one activity (a flag's task or note, upserted on the same CRM key each time).
function crmKeyOf(m: Claimed): string | null {
  if (m.kind === "update_fields") return null;
  const key = (m.payload as { activityKey?: unknown } | null)?.activityKey;
  return typeof key === "string" ? key : m.idempotencyKey;
}
function targetOf(m: Claimed): string | null {
  if (m.kind === "update_fields") return `fields|${m.connectionId}|${m.objectType}|${m.recordExternalId}`;
  if (m.kind === "create_task") return `activity|${m.connectionId}|${crmKeyOf(m)}`;
  return null;
}
const newer = (a: Claimed, b: Claimed) => a.createdAt > b.createdAt || (a.createdAt.getTime() === b.createdAt.getTime() && a.id > b.id);

// An older write must never land after a newer one for the same target: within a claim only the
// newest write per target is sent, and a retry of an older write yields to any newer one already
// queued or delivered.
export async function findSuperseded(claimed: Claimed[]): Promise<Map<string, string>> {
  const superseded = new Map<string, string>();
  const newest = new Map<string, Claimed>();
  for (const m of claimed) {
    const target = targetOf(m);
    if (!target) continue;
    const current = newest.get(target);
    if (!current) newest.set(target, m);
    else if (newer(m, current)) {
      superseded.set(current.id, m.id);
      newest.set(target, m);
    } else superseded.set(m.id, current.id);
  }
  // Only a write that did not go out at its first chance (retried, re-claimed after a crash, or
  // handed back by the rate limiter) can have been overtaken; the rest go out in creation order.
  for (const m of newest.values()) {
    if (m.attempts <= 1 && m.lastError === null) continue;
    const sameTarget =
      m.kind === "update_fields"
        ? { objectType: m.objectType }
        : { OR: [{ payload: { path: ["activityKey"], equals: crmKeyOf(m)! } }, { idempotencyKey: crmKeyOf(m)! }] };
    const later = await db.outboxMessage.findFirst({
      where: {
        connectionId: m.connectionId, kind: m.kind, recordExternalId: m.recordExternalId, ...sameTarget,
        status: { not: "DEAD" }, id: { not: m.id },
        AND: [{ OR: [{ createdAt: { gt: m.createdAt } }, { createdAt: m.createdAt, id: { gt: m.id } }] }],
      },
      select: { id: true },
    });
    if (later) superseded.set(m.id, later.id);
  }
  return superseded;
}

const clip = (s: string) => s.slice(0, 500);

// Records one claimed message's outcome. Returns false when the lease was lost (another worker
// took the message over), in which case nothing is written.
async function settleIn(tx: Tx, m: Claimed, outcome: Settlement): Promise<boolean> {
  const audit = (outcomeName: "success" | "failure", details: Prisma.InputJsonValue) => ({
    tenantId: m.tenantId, actorType: "system" as const, action: `crm.${m.kind}`, resourceType: "outbox_message",
    resourceId: m.id, outcome: outcomeName, details,
  });
  const fence = { id: m.id, status: "IN_FLIGHT" as const, lockedUntil: m.lockedUntil };
  const now = new Date();
  let data: Prisma.OutboxMessageUpdateManyMutationInput;
  let dead = false;
  switch (outcome.type) {
    case "delivered":
      data = { status: "DONE", completedAt: now, lockedUntil: null, lastError: null, result: { externalId: outcome.externalId } };
      break;
    case "superseded":
      data = { status: "DONE", completedAt: now, lockedUntil: null, lastError: null, result: { supersededBy: outcome.by } };
      break;
    case "deferred":
      data = { status: "PENDING", lockedUntil: null, attempts: { decrement: 1 }, nextAttemptAt: outcome.until, lastError: clip(`DEFERRED: ${outcome.reason}`) };
      break;
    case "failed":
      dead = !outcome.retryable || m.attempts >= MAX_ATTEMPTS;
      data = dead
        ? { status: "DEAD", lockedUntil: null, lastError: clip(`${outcome.code}: ${outcome.message}`) }
        : {
            status: "PENDING", lockedUntil: null, lastError: clip(`${outcome.code}: ${outcome.message}`),
            nextAttemptAt: new Date(now.getTime() + Math.max(outcome.retryAfterMs ?? 0, backoffMs(m.attempts))),
          };
      break;
  }
  const { count } = await tx.outboxMessage.updateMany({ where: fence, data });
  if (count === 0) return false;
  if (outcome.type === "delivered") {
    await applyDelivered(tx, m, outcome.externalId);
    await recordAudit(audit("success", { attempts: m.attempts }), tx);
  } else if (outcome.type === "superseded") {
    await recordAudit(audit("success", { attempts: m.attempts, skipped: "superseded", supersededBy: outcome.by }), tx);
  } else if (outcome.type === "failed" && dead) {
    await applyDead(tx, m);
    await recordAudit(audit("failure", { code: outcome.code, attempts: m.attempts }), tx);
  }
  return true;
}

export async function settle(m: Claimed, outcome: Settlement): Promise<boolean> {
  return db.$transaction((tx) => settleIn(tx, m, outcome));
}

// A batch's outcomes commit together (one round of commits instead of one per item, and a crash
// leaves the whole batch to be re-sent rather than half of it). If that fails, each item is settled
// on its own so one bad row cannot hold the others back. Returns how many were settled.
export async function settleAll(items: Array<[Claimed, Settlement]>): Promise<number> {
  if (items.length === 0) return 0;
  try {
    return await db.$transaction(
      async (tx) => {
        let n = 0;
        for (const [m, outcome] of items) if (await settleIn(tx, m, outcome)) n++;
        return n;
      },
      { timeout: 30_000, maxWait: 10_000 },
    );
  } catch (err) {
    log.warn({ err: (err as Error).message, size: items.length }, "outbox: batch settle failed, settling one by one");
  }
  let n = 0;
  for (const [m, outcome] of items) {
    try {
      if (await settle(m, outcome)) n++;
    } catch (err) {
      // Left IN_FLIGHT: the lease expires and the message is claimed again (or reaped when spent).
      log.error({ err: (err as Error).message, id: m.id }, "outbox: settle failed");
    }
  }
  return n;
}
