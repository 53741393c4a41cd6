import "server-only";
import { CrmCallError, type CrmAdapter, type WriteResult } from "@/lib/crm/adapter";
import type { Claimed } from "./claims";
import { checkPayload } from "./payloads";

// One CRM call for one batch of claimed messages of the same connection and kind, whose payloads
// passed their check. Either the call answered (one result per message, in order) or it failed as
// a whole.
export type BatchOutcome =
  | { type: "results"; results: WriteResult[] }
  | { type: "call_failed"; error: CrmCallError };

function valueOf<K extends "update_fields" | "create_task">(m: Claimed, kind: K) {
  const check = checkPayload(kind, m.payload);
  if (!check.ok || check.kind !== kind) throw new Error(`outbox ${m.id}: unchecked payload reached a CRM call`);
  return check.value as Extract<typeof check, { kind: K }>["value"];
}

async function call(adapter: CrmAdapter, batch: Claimed[], correlationId: string): Promise<WriteResult[]> {
  const kind = batch[0]!.kind;
  if (kind === "update_fields") {
    return adapter.writeCandorFields(
      batch.map((m) => ({ objectType: m.objectType, externalId: m.recordExternalId, values: valueOf(m, "update_fields") })),
      correlationId,
    );
  }
  return adapter.createActivities(
    batch.map((m) => {
      const p = valueOf(m, "create_task");
      return {
        // Every revision of one activity (a flag's task or note) upserts on the same CRM key.
        objectType: m.objectType, recordExternalId: m.recordExternalId, idempotencyKey: p.activityKey ?? m.idempotencyKey,
        subject: p.subject, body: p.body, ownerExternalUserId: p.ownerExternalUserId, ...(p.occurredAt ? { occurredAt: p.occurredAt } : {}),
        ...(p.closed ? { closed: true } : {}),
      };
    }),
    correlationId,
  );
}

export async function sendBatch(adapter: CrmAdapter, batch: Claimed[], correlationId: string): Promise<BatchOutcome> {
  let results: WriteResult[];
  try {
    results = await call(adapter, batch, correlationId);
  } catch (err) {
    // Anything that is not a classified CRM error (a bug, a network fault jsforce did not wrap) is
    // treated as transient: retrying is safe because every write is idempotent.
    const error = err instanceof CrmCallError ? err : new CrmCallError("UNKNOWN", (err as Error).message, true);
    return { type: "call_failed", error };
  }
  // An adapter that answers for fewer items than it was given must not make the rest look delivered.
  const padded = batch.map((_, i): WriteResult => results[i] ?? { ok: false, retryable: true, code: "NO_RESULT", message: "The CRM did not report on this item" });
  return { type: "results", results: padded };
}
