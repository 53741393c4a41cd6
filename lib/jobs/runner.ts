import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { runWithContext } from "@/lib/request-context";
import { handlerFor } from "./registry";

const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

export interface ClaimedJob {
  id: string;
  tenantId: string;
  kind: string;
  payload: Prisma.JsonValue;
  attempts: number;
}

async function claimOne(): Promise<ClaimedJob | null> {
  const rows = await db.$queryRaw<ClaimedJob[]>`
    UPDATE jobs SET status = 'RUNNING', locked_until = now() + ${`${LEASE_MS} milliseconds`}::interval,
      attempts = attempts + 1, started_at = COALESCE(started_at, now())
    WHERE id = (
      SELECT id FROM jobs
      WHERE (status = 'PENDING' AND run_after <= now()) OR (status = 'RUNNING' AND locked_until < now())
      ORDER BY run_after, created_at
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    RETURNING id, tenant_id AS "tenantId", kind, payload, attempts`;
  return rows[0] ?? null;
}

// Runs one due job, if any; returns whether one ran.
export async function runOneJob(): Promise<boolean> {
  const job = await claimOne();
  if (!job) return false;
  const handler = handlerFor(job.kind);
  await runWithContext({ requestId: `job-${job.id}`, tenantId: job.tenantId }, async () => {
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      const result = await handler(job);
      await db.job.update({
        where: { id: job.id },
        data: { status: "DONE", finishedAt: new Date(), lockedUntil: null, error: null, result: (result ?? null) as Prisma.InputJsonValue },
      });
    } catch (err) {
      const message = (err as Error).message?.slice(0, 500) ?? "failed";
      const final = job.attempts >= MAX_ATTEMPTS || !handler;
      log.warn({ kind: job.kind, jobId: job.id, attempts: job.attempts }, "job failed");
      await db.job.update({
        where: { id: job.id },
        data: final
          ? { status: "FAILED", finishedAt: new Date(), lockedUntil: null, error: message }
          : { status: "PENDING", lockedUntil: null, error: message, runAfter: new Date(Date.now() + 2 ** job.attempts * 1000) },
      });
    }
  });
  return true;
}

export function startJobRunner(pollMs: number): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    let ran = false;
    try {
      ran = await runOneJob();
    } catch (err) {
      log.error({ err: (err as Error).message }, "job runner failed");
    }
    if (!stopped) timer = setTimeout(tick, ran ? 0 : pollMs);
  };
  timer = setTimeout(tick, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
