import "server-only";
import type { Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { currentContext } from "@/lib/request-context";

// Every write to a CRM is a row here first, committed in the same transaction as the change that
// caused it; the worker (./worker.ts) delivers it. The idempotency key is unique, so enqueueing the
// same logical write twice is a no-op, and it is also what the CRM-side upsert keys on.
export type OutboxKind = "create_task" | "update_fields";

export interface OutboxWrite {
  tenantId: string;
  connectionId: string;
  kind: OutboxKind;
  objectType: string;
  recordExternalId: string;
  payload: Prisma.InputJsonValue;
  idempotencyKey: string;
  source?: { type: string; id: string };
}

// created_at orders delivery and decides which of two field writes for a record is the newer; the
// column keeps milliseconds, so writes enqueued within one millisecond get distinct, increasing stamps.
let lastStamp = 0;
function nextStamp(): Date {
  lastStamp = Math.max(Date.now(), lastStamp + 1);
  return new Date(lastStamp);
}

export async function enqueue(tx: Tx, write: OutboxWrite) {
  return tx.outboxMessage.upsert({
    where: { idempotencyKey: write.idempotencyKey },
    update: {},
    create: {
      tenantId: write.tenantId,
      connectionId: write.connectionId,
      kind: write.kind,
      objectType: write.objectType,
      recordExternalId: write.recordExternalId,
      payload: write.payload,
      idempotencyKey: write.idempotencyKey,
      sourceType: write.source?.type ?? null,
      sourceId: write.source?.id ?? null,
      correlationId: currentContext()?.requestId ?? "system",
      createdAt: nextStamp(),
    },
    select: { id: true },
  });
}
