import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudits } from "@/lib/audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { applyFailed } from "./effects";

// Claiming outbox rows for delivery, across any number of worker processes. A claim is a lease
// with its own id: the holder renews it while it works (renewClaim), every settle is fenced on it,
// and a worker that stopped loses it when it runs out. Field writes for one record are claimed one
// claim at a time — never while another worker holds one for the same record — so the CRM sees
// them in sequence order, and of several only the newest is sent (findSuperseded).

export const MAX_ATTEMPTS = 12;

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
  seq: bigint;
  claimId: string;
  lockedUntil: Date;
};

const leaseInterval = (seconds: number) => `${seconds} seconds`;

const DUE = Prisma.sql`status IN ('PENDING', 'IN_FLIGHT') AND attempts < ${MAX_ATTEMPTS}
  AND ((status = 'PENDING' AND next_attempt_at <= now()) OR (status = 'IN_FLIGHT' AND locked_until < now()))`;

/** Connections with messages due, apart from those given (a worker's own lanes already busy). */
export async function dueConnections(except: ReadonlySet<string> = new Set()): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ connectionId: string }>>`
    SELECT DISTINCT connection_id::text AS "connectionId" FROM outbox_messages WHERE ${DUE}`;
  return rows.map((r) => r.connectionId).filter((id) => !except.has(id));
}

/** Claims up to `limit` due messages of one connection, oldest first. */
export async function claimFor(connectionId: string, limit: number, leaseSeconds = env.OUTBOX_LEASE_SECONDS): Promise<Claimed[]> {
  const claimId = randomUUID();
  // Claims take turns (a transaction-scoped advisory lock), so the busy-record check below sees
  // every claim committed before it; a claim is one statement, so the turn is short.
  const [, rows] = await db.$transaction([
    db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('candor.outbox.claim'))`,
    db.$queryRaw<Claimed[]>`
      WITH due AS (
        SELECT m.id FROM outbox_messages m
        WHERE m.connection_id = ${connectionId}::uuid AND ${DUE}
          AND (m.kind <> 'update_fields' OR NOT EXISTS (
            SELECT 1 FROM outbox_messages b
            WHERE b.connection_id = m.connection_id AND b.object_type = m.object_type AND b.record_external_id = m.record_external_id
              AND b.kind = 'update_fields' AND b.status = 'IN_FLIGHT' AND b.locked_until >= now()))
        ORDER BY m.seq
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE outbox_messages SET status = 'IN_FLIGHT', claim_id = ${claimId}::uuid,
        locked_until = now() + ${leaseInterval(leaseSeconds)}::interval, attempts = attempts + 1
      WHERE id IN (SELECT id FROM due)
      RETURNING id::text AS id, tenant_id::text AS "tenantId", connection_id::text AS "connectionId", kind, object_type AS "objectType",
        record_external_id AS "recordExternalId", payload, idempotency_key AS "idempotencyKey", attempts,
        correlation_id AS "correlationId", source_type AS "sourceType", source_id AS "sourceId", seq,
        claim_id::text AS "claimId", locked_until AS "lockedUntil"`,
  ]);
  return rows.sort((a, b) => (a.seq < b.seq ? -1 : 1));
}

/** Claims up to `limit` due messages of every connection that has some (one claim per connection). */
export async function claimDue(limit: number, leaseSeconds = env.OUTBOX_LEASE_SECONDS): Promise<Claimed[]> {
  const claimed: Claimed[] = [];
  for (const connectionId of await dueConnections()) claimed.push(...await claimFor(connectionId, limit, leaseSeconds));
  return claimed;
}

/** The holder's heartbeat: how many of the claim's rows it still holds. */
export async function renewClaim(claimId: string, leaseSeconds = env.OUTBOX_LEASE_SECONDS): Promise<number> {
  return db.$executeRaw`
    UPDATE outbox_messages SET locked_until = now() + ${leaseInterval(leaseSeconds)}::interval
    WHERE claim_id = ${claimId}::uuid AND status = 'IN_FLIGHT'`;
}

// A worker that died holding a message on its last attempt would otherwise leave it claimable
// forever (claimDue skips it): it is dead, visibly, like any other exhausted message.
export async function reapExhausted(): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ id: string; tenantId: string; kind: string; attempts: number; sourceType: string | null; sourceId: string | null; payload: unknown }>>`
      UPDATE outbox_messages SET status = 'DEAD', locked_until = NULL, claim_id = NULL, last_error_code = 'LEASE_EXPIRED',
        last_error = 'The worker holding the last attempt stopped'
      WHERE status = 'IN_FLIGHT' AND locked_until < now() AND attempts >= ${MAX_ATTEMPTS}
      RETURNING id::text AS id, tenant_id::text AS "tenantId", kind, attempts, source_type AS "sourceType", source_id AS "sourceId", payload`;
    await applyFailed(tx, rows);
    await recordAudits(rows.map((m) => ({
      tenantId: m.tenantId, actorType: "system", action: `crm.${m.kind}`, resourceType: "outbox_message", resourceId: m.id,
      outcome: "failure", details: { code: "LEASE_EXPIRED", attempts: m.attempts },
    })), tx);
    return rows.length;
  });
}

// Writes that replace what the CRM holds, so only the newest may land: a record's Candor fields,
// and the revisions of one activity (a flag's task or note, upserted on the same CRM key each time).
function target(m: Claimed): string | null {
  if (m.kind === "update_fields") return `fields|${m.connectionId}|${m.objectType}|${m.recordExternalId}`;
  const key = (m.payload as { activityKey?: unknown } | null)?.activityKey;
  return m.kind === "create_task" && typeof key === "string" ? `activity|${m.connectionId}|${key}` : null;
}

// Of the claimed writes for one target only the newest is sent, and not even that one if a newer
// write for the target is queued or already delivered. Returns id → the newer id.
export async function findSuperseded(claimed: Claimed[]): Promise<Map<string, string>> {
  const superseded = new Map<string, string>();
  const newest = new Map<string, Claimed>();
  for (const m of claimed) {
    const t = target(m);
    if (!t) continue;
    const current = newest.get(t);
    if (current && current.seq > m.seq) superseded.set(m.id, current.id);
    else {
      if (current) superseded.set(current.id, m.id);
      newest.set(t, m);
    }
  }
  const candidates = [...newest.values()].map((m) => m.id);
  if (candidates.length === 0) return superseded;
  const newer = await db.$queryRaw<Array<{ id: string; newer: string }>>`
    SELECT c.id::text AS id, n.id::text AS newer
    FROM outbox_messages c
    JOIN LATERAL (
      SELECT id FROM outbox_messages n
      WHERE n.connection_id = c.connection_id AND n.kind = c.kind AND n.seq > c.seq AND n.status IN ('PENDING', 'IN_FLIGHT', 'DONE')
        AND ((c.kind = 'update_fields' AND n.object_type = c.object_type AND n.record_external_id = c.record_external_id)
          OR (c.kind = 'create_task' AND n.payload->>'activityKey' = c.payload->>'activityKey'))
      ORDER BY n.seq DESC LIMIT 1
    ) n ON true
    WHERE c.id = ANY(${candidates}::uuid[])`;
  for (const r of newer) superseded.set(r.id, r.newer);
  return superseded;
}
