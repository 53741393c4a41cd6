import "server-only";
import type { Tx } from "@/lib/db";

// What a delivered or dead outbox message means for the row that caused it. The source row may be
// gone by then (a tenant cleaned up, a score pruned): that must not stop the message from settling,
// or it would be claimed and re-sent forever, so these are updateMany, which tolerate no match.
interface Source {
  sourceType: string | null;
  sourceId: string | null;
  payload?: unknown;
}

// A flag's activity is rewritten at each revision; only the delivery of the flag's current
// revision means the CRM shows what the flag says now. Messages without a revision predate edits.
function flagRevision(m: Source): { revision?: number } {
  const revision = (m.payload as { revision?: unknown } | null | undefined)?.revision;
  return typeof revision === "number" ? { revision } : {};
}

export async function applyDelivered(tx: Tx, m: Source, externalId: string) {
  if (m.sourceType === "flag" && m.sourceId) {
    await tx.flag.updateMany({ where: { id: m.sourceId, ...flagRevision(m) }, data: { syncStatus: "SYNCED", crmTaskId: externalId || null } });
  }
  if (m.sourceType === "score" && m.sourceId) {
    await tx.score.updateMany({ where: { id: m.sourceId }, data: { publishedAt: new Date() } });
  }
}

export async function applyDead(tx: Tx, m: Source) {
  if (m.sourceType === "flag" && m.sourceId) {
    await tx.flag.updateMany({ where: { id: m.sourceId, ...flagRevision(m) }, data: { syncStatus: "FAILED" } });
  }
}
