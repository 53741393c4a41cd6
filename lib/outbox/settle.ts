import "server-only";
import { recordAudits, type AuditInput } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import { log } from "@/lib/log";
import { MAX_ATTEMPTS, type Claimed } from "./claims";
import { applyDelivered, applyFailed } from "./effects";
import { countOutcomes, type Outcome } from "./metrics";

// Recording what happened to claimed messages, a batch at a time: one statement per kind of
// outcome (not per message), fenced on the claim, with the effects on the rows that caused the
// writes (flags, scores), audit rows and the minute's counters in the same transaction.

export type Settlement =
  | { type: "delivered"; externalId: string }
  | { type: "failed"; code: string; message: string; retryable: boolean; retryAfterMs?: number }
  // The record no longer exists in the CRM: nothing can ever be written, nothing to retry.
  | { type: "gone"; code: string; message: string }
  // Not an attempt: the connection is throttled or its breaker is open, so the claim is handed back.
  | { type: "deferred"; until: Date; reason: string }
  // A newer field write for the same record exists; sending this one could only overwrite it.
  | { type: "superseded"; by: string };

export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30 * 60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

const clip = (s: string) => s.slice(0, 500);

type Item = [Claimed, Settlement];
const pick = <T extends Settlement["type"]>(items: Item[], type: T) =>
  items.filter((i): i is [Claimed, Extract<Settlement, { type: T }>] => i[1].type === type);

const audit = (m: Claimed, outcome: "success" | "failure", details: Record<string, string | number | boolean>): AuditInput => ({
  tenantId: m.tenantId, actorType: "system", action: `crm.${m.kind}`, resourceType: "outbox_message", resourceId: m.id, outcome, details,
});

async function settleIn(tx: Tx, items: Item[]): Promise<Set<string>> {
  const settled = new Set<string>();
  const fence = (list: Item[]) => ({ ids: list.map(([m]) => m.id), claims: list.map(([m]) => m.claimId) });
  const mark = (rows: Array<{ id: string }>) => new Set(rows.map((r) => r.id));

  const done = [...pick(items, "delivered"), ...pick(items, "superseded")] as Item[];
  if (done.length > 0) {
    const { ids, claims } = fence(done);
    const results = done.map(([, o]) => JSON.stringify(o.type === "delivered" ? { externalId: o.externalId } : { supersededBy: (o as { by: string }).by }));
    const ok = mark(await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE outbox_messages m SET status = 'DONE', completed_at = now(), locked_until = NULL, claim_id = NULL,
        last_error = NULL, last_error_code = NULL, result = v.result::jsonb
      FROM unnest(${ids}::uuid[], ${claims}::uuid[], ${results}::text[]) AS v(id, claim, result)
      WHERE m.id = v.id AND m.claim_id = v.claim AND m.status = 'IN_FLIGHT'
      RETURNING m.id::text AS id`);
    const delivered = pick(items, "delivered").filter(([m]) => ok.has(m.id));
    await applyDelivered(tx, delivered.map(([m, o]) => ({ ...m, externalId: o.externalId })));
    await recordAudits(done.filter(([m]) => ok.has(m.id)).map(([m, o]) =>
      audit(m, "success", o.type === "superseded" ? { attempts: m.attempts, skipped: "superseded", supersededBy: o.by } : { attempts: m.attempts })), tx);
    ok.forEach((id) => settled.add(id));
  }

  const deferred = pick(items, "deferred");
  if (deferred.length > 0) {
    const { ids, claims } = fence(deferred);
    await tx.$executeRaw`
      UPDATE outbox_messages m SET status = 'PENDING', locked_until = NULL, claim_id = NULL, attempts = m.attempts - 1,
        next_attempt_at = v.until, last_error = v.reason
      FROM unnest(${ids}::uuid[], ${claims}::uuid[], ${deferred.map(([, o]) => o.until)}::timestamptz[],
        ${deferred.map(([, o]) => clip(`DEFERRED: ${o.reason}`))}::text[]) AS v(id, claim, until, reason)
      WHERE m.id = v.id AND m.claim_id = v.claim AND m.status = 'IN_FLIGHT'`;
  }

  const failed = pick(items, "failed");
  const dead = failed.filter(([m, o]) => !o.retryable || m.attempts >= MAX_ATTEMPTS);
  const retry = failed.filter((i) => !dead.includes(i));
  if (retry.length > 0) {
    const { ids, claims } = fence(retry);
    const at = retry.map(([m, o]) => new Date(Date.now() + Math.max(o.retryAfterMs ?? 0, backoffMs(m.attempts))));
    const ok = mark(await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE outbox_messages m SET status = 'PENDING', locked_until = NULL, claim_id = NULL, next_attempt_at = v.at,
        last_error_code = v.code, last_error = v.message
      FROM unnest(${ids}::uuid[], ${claims}::uuid[], ${at}::timestamptz[], ${retry.map(([, o]) => o.code)}::text[],
        ${retry.map(([, o]) => clip(o.message))}::text[]) AS v(id, claim, at, code, message)
      WHERE m.id = v.id AND m.claim_id = v.claim AND m.status = 'IN_FLIGHT'
      RETURNING m.id::text AS id`);
    ok.forEach((id) => settled.add(id));
  }

  const gone = pick(items, "gone");
  const ended: Array<[Claimed, { code: string; message: string }, "DEAD" | "DISCARDED"]> = [
    ...dead.map(([m, o]) => [m, o, "DEAD"] as [Claimed, { code: string; message: string }, "DEAD"]),
    ...gone.map(([m, o]) => [m, o, "DISCARDED"] as [Claimed, { code: string; message: string }, "DISCARDED"]),
  ];
  if (ended.length > 0) {
    const ids = ended.map(([m]) => m.id);
    const claims = ended.map(([m]) => m.claimId);
    const reasons = ended.map(([, o, s]) => (s === "DISCARDED" ? `The record no longer exists in the CRM (${o.code}).` : null));
    const ok = mark(await tx.$queryRaw<Array<{ id: string }>>`
      UPDATE outbox_messages m SET status = v.status::"OutboxStatus", locked_until = NULL, claim_id = NULL,
        last_error_code = v.code, last_error = v.message, discard_reason = v.reason,
        completed_at = CASE WHEN v.status = 'DISCARDED' THEN now() ELSE NULL END
      FROM unnest(${ids}::uuid[], ${claims}::uuid[], ${ended.map(([, , s]) => s)}::text[], ${ended.map(([, o]) => o.code)}::text[],
        ${ended.map(([, o]) => clip(o.message))}::text[], ${reasons}::text[]) AS v(id, claim, status, code, message, reason)
      WHERE m.id = v.id AND m.claim_id = v.claim AND m.status = 'IN_FLIGHT'
      RETURNING m.id::text AS id`);
    const landed = ended.filter(([m]) => ok.has(m.id));
    await applyFailed(tx, landed.map(([m]) => m));
    await recordAudits(landed.map(([m, o, s]) => audit(m, "failure", { code: o.code, attempts: m.attempts, ...(s === "DISCARDED" ? { gone: true } : {}) })), tx);
    ok.forEach((id) => settled.add(id));
  }

  const deadIds = new Set(dead.map(([m]) => m.id));
  const outcome = (m: Claimed, o: Settlement): Outcome | null =>
    o.type === "delivered" ? "delivered" : o.type === "gone" || deadIds.has(m.id) ? "dead" : o.type === "failed" ? "failed" : null;
  await countOutcomes(tx, items.filter(([m]) => settled.has(m.id)).map(([m, o]) => ({ connectionId: m.connectionId, tenantId: m.tenantId, outcome: outcome(m, o) })));
  return settled;
}

/**
 * Records claimed messages' outcomes in one transaction. Returns how many reached an outcome
 * (delivered, superseded, retried, dead); messages handed back without an attempt do not count,
 * nor do messages whose claim another worker has taken over (nothing is written for those).
 */
export async function settleAll(items: Item[]): Promise<number> {
  if (items.length === 0) return 0;
  try {
    return (await db.$transaction((tx) => settleIn(tx, items), { timeout: 30_000, maxWait: 15_000 })).size;
  } catch (err) {
    log.warn({ err: (err as Error).message, size: items.length }, "outbox: batch settle failed, settling one by one");
  }
  // One bad row must not hold the others back.
  let n = 0;
  for (const item of items) {
    try {
      n += (await db.$transaction((tx) => settleIn(tx, [item]))).size;
    } catch (err) {
      // Left IN_FLIGHT: the lease runs out and the message is claimed again (or reaped when spent).
      log.error({ err: (err as Error).message, id: item[0].id }, "outbox: settle failed");
    }
  }
  return n;
}

/** One message's outcome; false when its claim was lost to another worker. */
export async function settle(m: Claimed, outcome: Settlement): Promise<boolean> {
  return (await db.$transaction((tx) => settleIn(tx, [[m, outcome]]))).size === 1;
}
