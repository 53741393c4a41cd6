import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

// Settled outbox rows (delivered, superseded, discarded) and old metrics are purged after the
// retention period; dead letters stay until an admin replays or discards them. In slices, so a
// large backlog never holds one long transaction.
const SLICE = 5_000;
const METRICS_DAYS = 30;

export async function purgeSettled(): Promise<{ outbox: number; metrics: number }> {
  const cutoff = new Date(Date.now() - env.OUTBOX_RETENTION_DAYS * 86_400_000);
  let outbox = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM outbox_messages WHERE id IN (
        SELECT id FROM outbox_messages WHERE completed_at IS NOT NULL AND completed_at < ${cutoff} AND status IN ('DONE', 'DISCARDED')
        LIMIT ${SLICE})`;
    outbox += n;
    if (n < SLICE) break;
  }
  const metrics = await db.outboxMetric.deleteMany({ where: { minute: { lt: new Date(Date.now() - METRICS_DAYS * 86_400_000) } } });
  return { outbox, metrics: metrics.count };
}
