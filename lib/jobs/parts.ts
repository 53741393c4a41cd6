import "server-only";
import type { Tx } from "@/lib/db";

// A job split into parts (a full rescore into pages): the parent's progress is the sum of its
// finished parts' totals, and once its own handler is done (WAITING) it ends when they all have —
// FAILED if any part failed for good. Every part's settle and the parent's own settle call this
// in their transaction; locking the parent row first serialises them, so the last one to finish
// always sees the others' outcomes.
export async function rollUpParts(tx: Tx, parentId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM jobs WHERE id = ${parentId}::uuid FOR UPDATE`;
  await tx.$executeRaw`
    UPDATE jobs p SET
      progress = s.done_total,
      status = CASE
        WHEN p.status <> 'WAITING' THEN p.status
        WHEN s.failed > 0 THEN 'FAILED'::"JobStatus"
        WHEN s.open = 0 THEN 'DONE'::"JobStatus"
        ELSE p.status END,
      error = CASE WHEN p.status = 'WAITING' AND s.failed > 0 THEN s.first_error ELSE p.error END,
      finished_at = CASE WHEN p.status = 'WAITING' AND (s.failed > 0 OR s.open = 0) THEN now() ELSE p.finished_at END
    FROM (
      SELECT COALESCE(SUM(total) FILTER (WHERE status = 'DONE'), 0)::int AS done_total,
        COUNT(*) FILTER (WHERE status NOT IN ('DONE', 'FAILED')) AS open,
        COUNT(*) FILTER (WHERE status = 'FAILED') AS failed,
        MIN(error) FILTER (WHERE status = 'FAILED') AS first_error
      FROM jobs WHERE parent_id = ${parentId}::uuid
    ) s
    WHERE p.id = ${parentId}::uuid`;
}
