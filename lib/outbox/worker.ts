import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit";
import { CrmCallError, type CrmAdapter, type WriteResult } from "@/lib/crm/adapter";
import { adapterFor, saveRateLimitState } from "@/lib/crm/connections";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { runWithContext } from "@/lib/request-context";
import { applyDelivered, applyDead } from "./effects";

// Drains the outbox: claims due messages (SKIP LOCKED, with a lease so a crashed worker's claims
// come back), groups them by connection and kind into CRM-sized batches, and records each item's
// outcome. Retryable failures back off exponentially with jitter; after MAX_ATTEMPTS, or on a
// permanent error, a message is dead (kept, visible, never silently dropped).

export const MAX_ATTEMPTS = 12;
const LEASE_MS = 60_000;
const CLAIM_LIMIT = 400;

type Claimed = {
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
};

export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30 * 60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

async function claim(limit: number): Promise<Claimed[]> {
  return db.$queryRaw<Claimed[]>`
    UPDATE outbox_messages SET status = 'IN_FLIGHT', locked_until = now() + ${`${LEASE_MS} milliseconds`}::interval, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM outbox_messages
      WHERE (status = 'PENDING' AND next_attempt_at <= now()) OR (status = 'IN_FLIGHT' AND locked_until < now())
      ORDER BY created_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, tenant_id AS "tenantId", connection_id AS "connectionId", kind, object_type AS "objectType",
      record_external_id AS "recordExternalId", payload, idempotency_key AS "idempotencyKey", attempts,
      correlation_id AS "correlationId", source_type AS "sourceType", source_id AS "sourceId"`;
}

function groupKey(m: Claimed) {
  // Collections calls take one sObject type per field-update call.
  return `${m.connectionId}|${m.kind}|${m.kind === "update_fields" ? m.objectType : ""}`;
}

async function deliver(adapter: CrmAdapter, batch: Claimed[], correlationId: string): Promise<WriteResult[]> {
  const kind = batch[0]!.kind;
  if (kind === "update_fields") {
    return adapter.writeCandorFields(
      batch.map((m) => ({ objectType: m.objectType, externalId: m.recordExternalId, values: m.payload as never })),
      correlationId,
    );
  }
  if (kind === "create_task") {
    return adapter.createActivities(
      batch.map((m) => {
        const p = m.payload as { subject: string; body: string; ownerExternalUserId: string | null };
        return { objectType: m.objectType, recordExternalId: m.recordExternalId, idempotencyKey: m.idempotencyKey, ...p };
      }),
      correlationId,
    );
  }
  return batch.map(() => ({ ok: false, retryable: false, code: "UNKNOWN_KIND", message: `Unknown outbox kind ${kind}` }));
}

async function settle(m: Claimed, result: WriteResult, retryAfterMs?: number) {
  if (result.ok) {
    await db.$transaction(async (tx) => {
      await tx.outboxMessage.update({
        where: { id: m.id },
        data: { status: "DONE", completedAt: new Date(), lockedUntil: null, lastError: null, result: { externalId: result.externalId } },
      });
      await applyDelivered(tx, m, result.externalId);
      await recordAudit({ tenantId: m.tenantId, actorType: "system", action: `crm.${m.kind}`, resourceType: "outbox_message", resourceId: m.id, outcome: "success", details: { attempts: m.attempts } }, tx);
    });
    return;
  }
  const dead = !result.retryable || m.attempts >= MAX_ATTEMPTS;
  await db.$transaction(async (tx) => {
    await tx.outboxMessage.update({
      where: { id: m.id },
      data: dead
        ? { status: "DEAD", lockedUntil: null, lastError: `${result.code}: ${result.message}`.slice(0, 500) }
        : {
            status: "PENDING", lockedUntil: null, lastError: `${result.code}: ${result.message}`.slice(0, 500),
            nextAttemptAt: new Date(Date.now() + Math.max(retryAfterMs ?? 0, backoffMs(m.attempts))),
          },
    });
    if (dead) {
      await applyDead(tx, m);
      await recordAudit({ tenantId: m.tenantId, actorType: "system", action: `crm.${m.kind}`, resourceType: "outbox_message", resourceId: m.id, outcome: "failure", details: { code: result.code, attempts: m.attempts } }, tx);
    }
  });
}

// One pass: returns how many messages were settled.
export async function drainOnce(): Promise<number> {
  const claimed = await claim(CLAIM_LIMIT);
  if (claimed.length === 0) return 0;
  const groups = new Map<string, Claimed[]>();
  for (const m of claimed) groups.set(groupKey(m), [...(groups.get(groupKey(m)) ?? []), m]);

  for (const group of groups.values()) {
    let adapter: CrmAdapter;
    try {
      adapter = await adapterFor(group[0]!.connectionId);
    } catch (err) {
      log.error({ err: (err as Error).message }, "outbox: no adapter");
      for (const m of group) await settle(m, { ok: false, retryable: true, code: "NO_ADAPTER", message: "Connection unavailable" });
      continue;
    }
    for (let i = 0; i < group.length; i += adapter.maxBatch) {
      const batch = group.slice(i, i + adapter.maxBatch);
      const correlationId = batch.length === 1 ? batch[0]!.correlationId : `batch-${randomUUID()}`;
      await runWithContext({ requestId: correlationId, tenantId: batch[0]!.tenantId }, async () => {
        let results: WriteResult[];
        let retryAfterMs: number | undefined;
        try {
          results = await deliver(adapter, batch, correlationId);
        } catch (err) {
          const e = err instanceof CrmCallError ? err : new CrmCallError("UNKNOWN", (err as Error).message, true);
          retryAfterMs = e.retryAfterMs;
          log.warn({ code: e.code, size: batch.length }, "outbox: CRM call failed");
          results = batch.map(() => ({ ok: false, retryable: e.retryable, code: e.code, message: e.message }));
        }
        for (let j = 0; j < batch.length; j++) await settle(batch[j]!, results[j]!, retryAfterMs);
        await saveRateLimitState(batch[0]!.connectionId, { ...adapter.rateLimitState(), at: new Date().toISOString() });
      });
    }
  }
  return claimed.length;
}

export function startWorker(pollMs: number): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    let settled = 0;
    try {
      settled = await drainOnce();
    } catch (err) {
      log.error({ err: (err as Error).message }, "outbox: drain failed");
    }
    if (!stopped) timer = setTimeout(tick, settled > 0 ? 0 : pollMs);
  };
  timer = setTimeout(tick, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
