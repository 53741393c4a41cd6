import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { registerJobHandler, registerSchedule } from "./registry";

// Finished jobs are kept as long as delivered outbox rows, then purged (their attempts with them);
// the schedule's own runs and every poll would otherwise grow the table without end. The engine
// keeps its own copies for a week (engine.ts, deleteAfterSeconds).
export const JOB_RETENTION_JOB = "job_retention";

registerJobHandler(JOB_RETENTION_JOB, async () => {
  const cutoff = new Date(Date.now() - env.OUTBOX_RETENTION_DAYS * 86_400_000);
  const { count } = await db.job.deleteMany({ where: { status: { in: ["DONE", "FAILED"] }, finishedAt: { lt: cutoff }, parentId: null } });
  return { deleted: count };
});
registerSchedule("job-retention", "23 * * * *", JOB_RETENTION_JOB);
