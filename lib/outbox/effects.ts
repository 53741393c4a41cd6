import "server-only";
import type { Tx } from "@/lib/db";

// What a delivered or dead outbox message means for the row that caused it.
interface Source {
  sourceType: string | null;
  sourceId: string | null;
}

export async function applyDelivered(tx: Tx, m: Source, externalId: string) {
  if (m.sourceType === "flag" && m.sourceId) {
    await tx.flag.update({ where: { id: m.sourceId }, data: { syncStatus: "SYNCED", crmTaskId: externalId || null } });
  }
  if (m.sourceType === "score" && m.sourceId) {
    await tx.score.update({ where: { id: m.sourceId }, data: { publishedAt: new Date() } });
  }
}

export async function applyDead(tx: Tx, m: Source) {
  if (m.sourceType === "flag" && m.sourceId) {
    await tx.flag.update({ where: { id: m.sourceId }, data: { syncStatus: "FAILED" } });
  }
}
