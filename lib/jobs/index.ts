import "server-only";
import { db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// Background work other than CRM writes (those use lib/outbox): scoring runs, rescoring of changed
// records, CRM sync polls. Handlers register by kind (./registry.ts); the runner (./runner.ts)
// claims due jobs with a lease, so a crashed process's jobs come back.

export interface JobInput {
  tenantId: string;
  kind: string;
  payload?: Prisma.InputJsonValue;
  // While a job with this key is pending, enqueueing another is a no-op (coalesces bursts of
  // change events for one record into one rescoring).
  dedupeKey?: string;
  runAfter?: Date;
  createdBy?: string;
  total?: number;
}

export async function enqueueJob(tx: Tx | typeof db, job: JobInput): Promise<{ id: string; deduplicated: boolean }> {
  if (job.dedupeKey) {
    const pending = await tx.job.findFirst({
      where: { dedupeKey: job.dedupeKey, status: "PENDING" },
      select: { id: true },
    });
    if (pending) return { id: pending.id, deduplicated: true };
  }
  const created = await tx.job.create({
    data: {
      tenantId: job.tenantId,
      kind: job.kind,
      payload: job.payload ?? {},
      dedupeKey: job.dedupeKey ?? null,
      runAfter: job.runAfter ?? new Date(),
      createdBy: job.createdBy ?? null,
      total: job.total ?? 0,
    },
    select: { id: true },
  });
  return { id: created.id, deduplicated: false };
}

// For long jobs: lets the UI show "120 of 480" while the job runs.
export async function reportProgress(jobId: string, progress: number, total?: number): Promise<void> {
  await db.job.update({ where: { id: jobId }, data: { progress, ...(total !== undefined ? { total } : {}) } });
}

export async function getJob(tenantId: string, jobId: string) {
  return db.job.findFirst({
    where: { id: jobId, tenantId },
    select: {
      id: true, kind: true, status: true, progress: true, total: true, error: true, result: true,
      createdAt: true, startedAt: true, finishedAt: true,
    },
  });
}
