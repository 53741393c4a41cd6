import "server-only";
import { randomUUID } from "node:crypto";
import { fromPrisma } from "pg-boss";
import { db, type Db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { JOB_QUEUE, jobEngine } from "./engine";

// Background work other than CRM writes (those use lib/outbox): training, rescoring, CRM sync.
// enqueueJob writes Candor's row and the engine's job in the caller's transaction, so a job exists
// exactly when the change that asked for it commits. Handlers register by kind (./registry.ts) and
// run in worker processes (./worker.ts). docs/jobs.md has the whole picture.

export interface JobInput {
  tenantId: string | null;
  kind: string;
  payload?: Prisma.InputJsonValue;
  // While a job with this key is PENDING, enqueueing another is a no-op (coalesces bursts of
  // change events for one record into one rescoring). A running job does not count: it may have
  // read the record before the change.
  dedupeKey?: string;
  runAfter?: Date;
  createdBy?: string;
  total?: number;
  // A part of a bigger job (a page of a full rescore): the parent shows the parts' progress and
  // finishes when they all have (./parts.ts).
  parentId?: string;
  // Higher runs first among due jobs; bulk parts use a negative one so single-record work keeps
  // flowing while a full rescore is under way.
  priority?: number;
}

/** What the engine carries: the row id (and, for cron occurrences, which have no row, the kind). */
export interface EngineJobData {
  jobId?: string;
  kind: string;
  payload?: Prisma.JsonValue;
}

function inTransaction<T>(client: Tx | Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // The shared client (not a transaction) gets one of its own: the row and the engine's job must
  // commit together.
  return typeof (client as { $transaction?: unknown }).$transaction === "function"
    ? (client as Db).$transaction((tx) => fn(tx))
    : fn(client as Tx);
}

export async function enqueueJob(client: Tx | Db, job: JobInput): Promise<{ id: string; deduplicated: boolean }> {
  const engine = await jobEngine();
  return inTransaction(client, async (tx) => {
    const id = randomUUID();
    const inserted = await tx.$queryRaw<Array<{ id: string }>>`
      INSERT INTO jobs (id, tenant_id, kind, payload, dedupe_key, run_after, created_by, total, parent_id)
      VALUES (${id}::uuid, ${job.tenantId}::uuid, ${job.kind}, ${JSON.stringify(job.payload ?? {})}::jsonb, ${job.dedupeKey ?? null},
        ${job.runAfter ?? new Date()}, ${job.createdBy ?? null}, ${job.total ?? 0}, ${job.parentId ?? null}::uuid)
      ON CONFLICT (dedupe_key) WHERE status = 'PENDING' DO NOTHING
      RETURNING id::text AS id`;
    if (inserted.length === 0) {
      const pending = await tx.job.findFirstOrThrow({ where: { dedupeKey: job.dedupeKey, status: "PENDING" }, select: { id: true } });
      return { id: pending.id, deduplicated: true };
    }
    const data: EngineJobData = { jobId: id, kind: job.kind };
    await engine.send(JOB_QUEUE, data, {
      id, priority: job.priority ?? 0, ...(job.runAfter ? { startAfter: job.runAfter } : {}), db: fromPrisma(tx),
    });
    return { id, deduplicated: false };
  });
}

// For long jobs: lets the UI show "120 of 480" while the job runs.
export async function reportProgress(jobId: string, progress: number, total?: number): Promise<void> {
  await db.job.updateMany({
    where: { id: jobId, status: "RUNNING" },
    data: { progress, ...(total !== undefined ? { total } : {}) },
  });
}

const jobSelect = {
  id: true, kind: true, status: true, progress: true, total: true, error: true, result: true, attempts: true,
  createdAt: true, startedAt: true, finishedAt: true, parentId: true,
} as const;

export type JobView = Prisma.JobGetPayload<{ select: typeof jobSelect }>;

export async function getJob(tenantId: string, jobId: string): Promise<JobView | null> {
  return db.job.findFirst({ where: { id: jobId, tenantId }, select: jobSelect });
}
