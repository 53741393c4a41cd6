import "server-only";
import { CrmCallError, type CandorFieldValues, type CrmAdapter, type WriteResult } from "@/lib/crm/adapter";
import type { Claimed } from "./messages";

// One CRM call for one batch of claimed messages of the same connection and kind. Either the call
// answered (one result per message, in order) or it failed as a whole.
export type BatchOutcome =
  | { type: "results"; results: WriteResult[] }
  | { type: "call_failed"; error: CrmCallError };

interface TaskPayload {
  subject: string;
  body: string;
  ownerExternalUserId: string | null;
  // When the rep flagged; a retried write keeps this time on the CRM timeline.
  occurredAt?: string;
  // The CRM upsert key shared by every revision of one activity; older messages upsert on their own key.
  activityKey?: string;
  closed?: boolean;
}

async function call(adapter: CrmAdapter, batch: Claimed[], correlationId: string): Promise<WriteResult[]> {
  const kind = batch[0]!.kind;
  if (kind === "update_fields") {
    return adapter.writeCandorFields(
      batch.map((m) => ({ objectType: m.objectType, externalId: m.recordExternalId, values: m.payload as unknown as CandorFieldValues })),
      correlationId,
    );
  }
  if (kind === "create_task") {
    return adapter.createActivities(
      batch.map((m) => {
        const p = m.payload as unknown as TaskPayload;
        return {
          objectType: m.objectType, recordExternalId: m.recordExternalId, idempotencyKey: p.activityKey ?? m.idempotencyKey,
          subject: p.subject, body: p.body, ownerExternalUserId: p.ownerExternalUserId,
          ...(p.occurredAt ? { occurredAt: p.occurredAt } : {}),
          ...(p.closed ? { closed: true } : {}),
        };
      }),
      correlationId,
    );
  }
  return batch.map(() => ({ ok: false, retryable: false, code: "UNKNOWN_KIND", message: `Unknown outbox kind ${kind}` }));
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
