import "server-only";
import { db } from "@/lib/db";

// A circuit breaker per connection, in the database so every worker sees the same state: after
// FAILURES_TO_OPEN whole CRM calls fail in a row, nobody calls that CRM for OPEN_MS; then one
// worker makes a single probe call (half-open), which closes the breaker or opens it again.

export const FAILURES_TO_OPEN = 5;
export const OPEN_MS = 30_000;
// How long a probe may take before another worker may probe instead.
const PROBE_MS = 60_000;

export type Gate = { ok: true } | { ok: false; until: Date };

export async function breakerGate(connectionId: string): Promise<Gate> {
  const b = await db.outboxBreaker.findUnique({ where: { connectionId }, select: { state: true, openedUntil: true } });
  if (!b || b.state === "closed") return { ok: true };
  const now = new Date();
  if (b.openedUntil && b.openedUntil > now) return { ok: false, until: b.openedUntil };
  // Due for a probe: the worker whose update lands makes it; the others wait for its outcome.
  const { count } = await db.outboxBreaker.updateMany({
    where: { connectionId, state: b.state, openedUntil: b.openedUntil },
    data: { state: "half_open", openedUntil: new Date(now.getTime() + PROBE_MS) },
  });
  return count === 1 ? { ok: true } : { ok: false, until: new Date(now.getTime() + PROBE_MS) };
}

export async function recordCallSuccess(connectionId: string): Promise<void> {
  await db.outboxBreaker.updateMany({
    where: { connectionId, OR: [{ state: { not: "closed" } }, { failures: { gt: 0 } }] },
    data: { state: "closed", failures: 0, openedUntil: null },
  });
}

export async function recordCallFailure(connectionId: string, tenantId: string, error: string): Promise<void> {
  const openFor = `${OPEN_MS} milliseconds`;
  await db.$executeRaw`
    INSERT INTO outbox_breakers (connection_id, tenant_id, state, failures, last_error, updated_at)
    VALUES (${connectionId}::uuid, ${tenantId}::uuid, 'closed', 1, ${error.slice(0, 300)}, now())
    ON CONFLICT (connection_id) DO UPDATE SET
      failures = outbox_breakers.failures + 1,
      state = CASE WHEN outbox_breakers.state = 'half_open' OR outbox_breakers.failures + 1 >= ${FAILURES_TO_OPEN} THEN 'open' ELSE outbox_breakers.state END,
      opened_until = CASE WHEN outbox_breakers.state = 'half_open' OR outbox_breakers.failures + 1 >= ${FAILURES_TO_OPEN}
        THEN now() + ${openFor}::interval ELSE outbox_breakers.opened_until END,
      last_error = EXCLUDED.last_error, updated_at = now()`;
}
