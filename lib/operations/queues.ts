import "server-only";
import { db } from "@/lib/db";
import { crmBudget } from "@/lib/outbox/budget";
import type { ConnectionOps, SeriesPoint } from "./schema";

// Per connection: the write-back queue as it stands, and as it went minute by minute
// (outbox_metrics, written by the workers).

let budget: ReturnType<typeof crmBudget> | undefined;

export async function connectionOps(tenantId: string, minutes: number): Promise<ConnectionOps[]> {
  const since = new Date(Math.floor(Date.now() / 60_000) * 60_000 - (minutes - 1) * 60_000);
  const [connections, live, metrics] = await Promise.all([
    db.crmConnection.findMany({
      where: { tenantId }, orderBy: { createdAt: "asc" },
      select: { id: true, provider: true, externalOrgId: true, breaker: { select: { state: true, failures: true, openedUntil: true, lastError: true } } },
    }),
    db.$queryRaw<Array<{ connectionId: string; depth: number; dead: number; oldest: Date | null }>>`
      SELECT connection_id::text AS "connectionId",
        count(*) FILTER (WHERE status IN ('PENDING', 'IN_FLIGHT'))::int AS depth,
        count(*) FILTER (WHERE status = 'DEAD')::int AS dead,
        min(created_at) FILTER (WHERE status IN ('PENDING', 'IN_FLIGHT')) AS oldest
      FROM outbox_messages WHERE tenant_id = ${tenantId}::uuid AND status IN ('PENDING', 'IN_FLIGHT', 'DEAD')
      GROUP BY connection_id`,
    db.outboxMetric.findMany({ where: { tenantId, minute: { gte: since } }, orderBy: { minute: "asc" } }),
  ]);
  budget ??= crmBudget();
  return Promise.all(connections.map(async (c) => {
    const now = live.find((l) => l.connectionId === c.id);
    const rows = new Map(metrics.filter((m) => m.connectionId === c.id).map((m) => [m.minute.getTime(), m]));
    const series: SeriesPoint[] = [];
    for (let t = since.getTime(); t <= Date.now(); t += 60_000) {
      const m = rows.get(t);
      const outcomes = m ? m.delivered + m.failed + m.dead : 0;
      series.push({
        minute: new Date(t).toISOString(),
        delivered: m?.delivered ?? 0, failed: m?.failed ?? 0, dead: m?.dead ?? 0, calls: m?.calls ?? 0, throttled: m?.throttled ?? 0,
        errorRate: m && outcomes > 0 ? (m.failed + m.dead) / outcomes : null,
        depth: m?.depth ?? null, lagSeconds: m?.lagSeconds ?? null, breaker: m?.breaker ?? null,
      });
    }
    const paused = await budget!.pausedUntil(c.id);
    return {
      id: c.id, provider: c.provider, externalOrgId: c.externalOrgId,
      depth: now?.depth ?? 0, dead: now?.dead ?? 0,
      lagSeconds: now?.oldest ? Math.max(0, Math.round((Date.now() - now.oldest.getTime()) / 1000)) : 0,
      breaker: {
        state: c.breaker?.state ?? "closed", failures: c.breaker?.failures ?? 0,
        openedUntil: c.breaker?.openedUntil?.toISOString() ?? null, lastError: c.breaker?.lastError ?? null,
      },
      pausedUntil: paused > 0 ? new Date(paused).toISOString() : null,
      series,
    };
  }));
}
