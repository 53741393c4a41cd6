import "server-only";
import type { Tx } from "@/lib/db";

// What delivered or failed outbox messages mean for the rows that caused them, a batch at a time.
// The source row may be gone by then (a tenant cleaned up, a score pruned): that must not stop the
// messages from settling, or they would be claimed and re-sent forever, so these tolerate no match.
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

const ofType = <T extends Source>(items: T[], type: string) => items.filter((m) => m.sourceType === type && m.sourceId);

export async function applyDelivered(tx: Tx, items: Array<Source & { externalId: string }>) {
  const flags = ofType(items, "flag");
  if (flags.length > 0) {
    // A revision of -1 (a message from before edits existed) matches any revision.
    await tx.$executeRaw`
      UPDATE flags f SET sync_status = 'SYNCED', crm_task_id = NULLIF(v.ext, '')
      FROM unnest(${flags.map((m) => m.sourceId!)}::uuid[], ${flags.map((m) => m.externalId)}::text[], ${flags.map((m) => flagRevision(m).revision ?? -1)}::int[]) AS v(id, ext, rev)
      WHERE f.id = v.id AND (v.rev = -1 OR f.revision = v.rev)`;
  }
  const scores = ofType(items, "score");
  if (scores.length > 0) {
    await tx.score.updateMany({ where: { id: { in: scores.map((m) => m.sourceId!) } }, data: { publishedAt: new Date() } });
  }
}

export async function applyFailed(tx: Tx, items: Source[]) {
  const flags = ofType(items, "flag");
  for (const m of flags) await tx.flag.updateMany({ where: { id: m.sourceId!, ...flagRevision(m) }, data: { syncStatus: "FAILED" } });
}
