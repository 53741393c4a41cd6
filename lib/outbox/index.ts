import "server-only";
import type { Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { currentContext } from "@/lib/request-context";
import { checkPayload, type OutboxKind } from "./payloads";

// Every write to a CRM is a row here first, committed in the same transaction as the change that
// caused it; workers deliver it (./worker.ts). The idempotency key is unique, so enqueueing the
// same logical write twice is a no-op, and it is also what the CRM-side upsert keys on. The row's
// seq (a database sequence) orders writes across every process that makes them.
export type { OutboxKind } from "./payloads";

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

function row(write: OutboxWrite): Prisma.OutboxMessageCreateManyInput {
  const check = checkPayload(write.kind, write.payload);
  // A producer that builds a payload the CRM call could not carry is a bug: its transaction fails.
  if (!check.ok) throw new Error(`Outbox ${write.kind} payload rejected: ${check.reason}`);
  return {
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
  };
}

export async function enqueue(tx: Tx, write: OutboxWrite) {
  return tx.outboxMessage.upsert({
    where: { idempotencyKey: write.idempotencyKey },
    update: {},
    create: row(write),
    select: { id: true },
  });
}

/** Many writes in one statement (a page of scores); keys already queued are skipped. */
export async function enqueueMany(tx: Tx, writes: OutboxWrite[]) {
  if (writes.length === 0) return;
  await tx.outboxMessage.createMany({ data: writes.map(row), skipDuplicates: true });
}
