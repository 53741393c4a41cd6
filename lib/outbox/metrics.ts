import "server-only";
import { db, type Tx } from "@/lib/db";

// The operations page's time series: one row per connection per minute. Workers add to the
// counters as they settle and call; a scheduled job samples the gauges (queue depth, lag, breaker).

export type Outcome = "delivered" | "failed" | "dead";

export async function countOutcomes(tx: Tx, items: Array<{ connectionId: string; tenantId: string; outcome: Outcome | null }>) {
  const per = new Map<string, { tenantId: string; delivered: number; failed: number; dead: number }>();
  for (const i of items) {
    if (!i.outcome) continue;
    const c = per.get(i.connectionId) ?? { tenantId: i.tenantId, delivered: 0, failed: 0, dead: 0 };
    c[i.outcome]++;
    per.set(i.connectionId, c);
  }
  if (per.size === 0) return;
  const ids = [...per.keys()];
  const rows = ids.map((id) => per.get(id)!);
  await tx.$executeRaw`
    INSERT INTO outbox_metrics (connection_id, minute, tenant_id, delivered, failed, dead)
    SELECT v.id, date_trunc('minute', now()), v.tenant, v.delivered, v.failed, v.dead
    FROM unnest(${ids}::uuid[], ${rows.map((r) => r.tenantId)}::uuid[], ${rows.map((r) => r.delivered)}::int[],
      ${rows.map((r) => r.failed)}::int[], ${rows.map((r) => r.dead)}::int[]) AS v(id, tenant, delivered, failed, dead)
    ON CONFLICT (connection_id, minute) DO UPDATE SET delivered = outbox_metrics.delivered + EXCLUDED.delivered,
      failed = outbox_metrics.failed + EXCLUDED.failed, dead = outbox_metrics.dead + EXCLUDED.dead`;
}

/** A CRM call made for a connection, and whether the CRM throttled it. */
export async function countCall(connectionId: string, tenantId: string, throttled: boolean) {
  await db.$executeRaw`
    INSERT INTO outbox_metrics (connection_id, minute, tenant_id, calls, throttled)
    VALUES (${connectionId}::uuid, date_trunc('minute', now()), ${tenantId}::uuid, 1, ${throttled ? 1 : 0})
    ON CONFLICT (connection_id, minute) DO UPDATE SET calls = outbox_metrics.calls + 1, throttled = outbox_metrics.throttled + EXCLUDED.throttled`;
}

/** The gauges of every connection for the current minute (a scheduled job). */
export async function sampleGauges(): Promise<{ connections: number }> {
  const n = await db.$executeRaw`
    INSERT INTO outbox_metrics (connection_id, minute, tenant_id, depth, lag_seconds, breaker)
    SELECT c.id, date_trunc('minute', now()), c.tenant_id, COALESCE(q.depth, 0),
      COALESCE(EXTRACT(EPOCH FROM now() - q.oldest)::int, 0), COALESCE(b.state, 'closed')
    FROM crm_connections c
    LEFT JOIN (
      SELECT connection_id, count(*)::int AS depth, min(created_at) AS oldest
      FROM outbox_messages WHERE status IN ('PENDING', 'IN_FLIGHT') GROUP BY connection_id
    ) q ON q.connection_id = c.id
    LEFT JOIN outbox_breakers b ON b.connection_id = c.id
    ON CONFLICT (connection_id, minute) DO UPDATE SET depth = EXCLUDED.depth, lag_seconds = EXCLUDED.lag_seconds, breaker = EXCLUDED.breaker`;
  return { connections: n };
}
