import "server-only";
import type { Tx } from "@/lib/db";

// What delivered or failed outbox messages mean for the rows that caused them, a batch at a time.
// The source row may be gone by then (a tenant cleaned up, a score pruned): that must not stop the
// messages from settling, or they would be claimed and re-sent forever, so these tolerate no match.
interface Source {
  sourceType: string | null;
  sourceId: string | null;
}

const ofType = <T extends Source>(items: T[], type: string) => items.filter((m) => m.sourceType === type && m.sourceId);

export async function applyDelivered(tx: Tx, items: Array<Source & { externalId: string }>) {
  const flags = ofType(items, "flag");
  if (flags.length > 0) {
    await tx.$executeRaw`
      UPDATE flags f SET sync_status = 'SYNCED', crm_task_id = NULLIF(v.ext, '')
      FROM unnest(${flags.map((m) => m.sourceId!)}::uuid[], ${flags.map((m) => m.externalId)}::text[]) AS v(id, ext)
      WHERE f.id = v.id`;
  }
  const scores = ofType(items, "score");
  if (scores.length > 0) {
    await tx.score.updateMany({ where: { id: { in: scores.map((m) => m.sourceId!) } }, data: { publishedAt: new Date() } });
  }
}

export async function applyFailed(tx: Tx, items: Source[]) {
  const flags = ofType(items, "flag");
  if (flags.length > 0) await tx.flag.updateMany({ where: { id: { in: flags.map((m) => m.sourceId!) } }, data: { syncStatus: "FAILED" } });
}
