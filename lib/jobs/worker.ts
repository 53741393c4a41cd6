import "server-only";
import type { JobResult, JobWithMetadata, PgBoss } from "pg-boss";
import { ZodError } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { runWithContext } from "@/lib/request-context";
import { DEAD_JOB_QUEUE, JOB_QUEUE, jobEngine, startJobEngine, WORKER_ID } from "./engine";
import type { EngineJobData } from "./index";
import { rollUpParts } from "./parts";
import { handlerFor, registeredSchedules, type RunningJob } from "./registry";

// Runs Candor's jobs on the engine: each attempt claims Candor's row (fenced on the attempt number
// the engine hands out, so a worker whose lease lapsed cannot settle what its successor decided),
// runs the handler with a heartbeat the engine keeps, and settles row and engine together.

/** Thrown by a handler for a failure a retry cannot fix: the job fails at once. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

type EngineJob = JobWithMetadata<EngineJobData>;

const clip = (s: string) => s.slice(0, 500);

function describe(err: unknown): { message: string; permanent: boolean } {
  if (err instanceof ZodError) {
    return { message: clip(`Invalid payload: ${err.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`), permanent: true };
  }
  if (err instanceof PermanentJobError) return { message: clip(err.message), permanent: true };
  return { message: clip((err as Error)?.message || "failed"), permanent: false };
}

interface Claimed {
  id: string;
  tenantId: string | null;
  kind: string;
  payload: Prisma.JsonValue;
  parentId: string | null;
}

// Takes Candor's row for this attempt. Null when there is nothing to run: an earlier attempt
// already settled it (its engine-side settle was lost with its worker), or it is gone.
async function claim(job: EngineJob, attempt: number): Promise<Claimed | null> {
  const id = job.data.jobId ?? job.id;
  const take = () => db.$queryRaw<Claimed[]>`
    UPDATE jobs SET status = 'RUNNING', attempts = ${attempt}, started_at = COALESCE(started_at, now()), worker_id = ${WORKER_ID}
    WHERE id = ${id}::uuid AND status IN ('PENDING', 'RETRYING', 'RUNNING') AND attempts < ${attempt}
    RETURNING id::text AS id, tenant_id::text AS "tenantId", kind, payload, parent_id::text AS "parentId"`;
  let [row] = await take();
  if (!row && !job.data.jobId) {
    // A cron occurrence: the engine created it, so Candor's row starts here.
    await db.$executeRaw`
      INSERT INTO jobs (id, kind, payload, created_by) VALUES (${id}::uuid, ${job.data.kind}, ${JSON.stringify(job.data.payload ?? {})}::jsonb, 'schedule')
      ON CONFLICT (id) DO NOTHING`;
    [row] = await take();
  }
  if (!row) return null;
  await db.$transaction([
    // An earlier attempt that never ended belonged to a worker that stopped.
    db.jobAttempt.updateMany({ where: { jobId: id, finishedAt: null }, data: { finishedAt: new Date(), outcome: "lost" } }),
    db.jobAttempt.create({ data: { jobId: id, attempt, tenantId: row.tenantId, workerId: WORKER_ID } }),
  ]);
  return row;
}

async function settle(row: Claimed, attempt: number, outcome: { status: "DONE" | "FAILED" | "RETRYING"; result?: Prisma.InputJsonValue; error?: string }) {
  return db.$transaction(async (tx) => {
    const parts = outcome.status === "DONE" ? await tx.job.count({ where: { parentId: row.id } }) : 0;
    const status = parts > 0 ? "WAITING" : outcome.status;
    const ended = status === "DONE" || status === "FAILED";
    const { count } = await tx.job.updateMany({
      where: { id: row.id, attempts: attempt, status: "RUNNING" },
      data: {
        status, error: outcome.error ?? null,
        ...(outcome.result !== undefined ? { result: outcome.result } : {}),
        ...(ended ? { finishedAt: new Date() } : {}),
      },
    });
    if (count === 0) return false;
    await tx.jobAttempt.update({
      where: { jobId_attempt: { jobId: row.id, attempt } },
      data: { finishedAt: new Date(), outcome: outcome.status === "DONE" ? "completed" : outcome.status === "FAILED" ? "failed" : "retrying", error: outcome.error ?? null },
    });
    if (parts > 0) await rollUpParts(tx, row.id);
    if (row.parentId && ended) await rollUpParts(tx, row.parentId);
    return true;
  }, { timeout: 30_000, maxWait: 15_000 });
}

/** One attempt at one engine job, start to settle; the answer tells the engine what to record. */
export async function processJob(job: EngineJob): Promise<JobResult> {
  const attempt = job.retryCount + 1;
  const row = await claim(job, attempt);
  if (!row) return { id: job.id, status: "completed", output: { skipped: "already settled" } };
  return runWithContext({ requestId: `job-${row.id}`, tenantId: row.tenantId ?? undefined }, async () => {
    const registered = handlerFor(row.kind);
    try {
      if (!registered) throw new PermanentJobError(`No handler for job kind ${row.kind}`);
      const payload = registered.payload ? registered.payload.parse(row.payload) : row.payload;
      const running: RunningJob = { id: row.id, tenantId: row.tenantId, kind: row.kind, payload: payload as Prisma.JsonValue, attempts: attempt, signal: job.signal };
      const result = (await registered.handler(running)) ?? null;
      const settled = await settle(row, attempt, { status: "DONE", result: result as Prisma.InputJsonValue });
      if (!settled) log.warn({ jobId: row.id, kind: row.kind, attempt }, "job finished after its lease went to another worker; its result was not recorded");
      return { id: job.id, status: "completed", output: { settled } };
    } catch (err) {
      const { message, permanent } = describe(err);
      const final = permanent || attempt > job.retryLimit;
      log.warn({ kind: row.kind, jobId: row.id, attempt, final }, "job failed");
      await settle(row, attempt, { status: final ? "FAILED" : "RETRYING", error: message });
      // A permanent failure skips the remaining retries: they would fail the same way.
      return { id: job.id, status: permanent ? "deadletter" : "failed", output: { message } };
    }
  });
}

// The engine moves a job here when it fails for good without Candor's handler having said so:
// its worker stopped during the last attempt and the heartbeat ran out.
async function recordDead(job: EngineJob): Promise<void> {
  const id = job.data.jobId ?? job.sourceId;
  if (!id) return;
  await db.$transaction(async (tx) => {
    const row = await tx.job.findUnique({ where: { id }, select: { parentId: true } });
    const { count } = await tx.job.updateMany({
      where: { id, status: { in: ["PENDING", "RUNNING", "RETRYING"] } },
      data: { status: "FAILED", finishedAt: new Date(), error: "The worker running its last attempt stopped before it finished." },
    });
    await tx.jobAttempt.updateMany({ where: { jobId: id, finishedAt: null }, data: { finishedAt: new Date(), outcome: "lost" } });
    if (count > 0 && row?.parentId) await rollUpParts(tx, row.parentId);
  });
}

async function syncSchedules(boss: PgBoss): Promise<void> {
  const wanted = registeredSchedules();
  for (const s of wanted) {
    const data: EngineJobData = { kind: s.kind, payload: s.payload as Prisma.JsonValue };
    await boss.schedule(JOB_QUEUE, s.cron, data, { key: s.name, tz: "UTC" });
  }
  const names = new Set(wanted.map((s) => s.name));
  for (const existing of await boss.getSchedules(JOB_QUEUE)) {
    if (!names.has(existing.key)) await boss.unschedule(JOB_QUEUE, existing.key);
  }
}

/** Starts this process's job worker: handlers must be registered first (lib/jobs/handlers.ts). */
export async function startJobWorker(): Promise<() => Promise<void>> {
  const boss = await startJobEngine("worker");
  await syncSchedules(boss);
  await boss.work(
    JOB_QUEUE,
    { includeMetadata: true, perJobResults: true, batchSize: 1, localConcurrency: env.WORKER_CONCURRENCY, pollingIntervalSeconds: 0.5 },
    async ([job]: EngineJob[]) => [await processJob(job!)],
  );
  await boss.work(DEAD_JOB_QUEUE, { includeMetadata: true, pollingIntervalSeconds: 2 }, async (jobs: EngineJob[]) => {
    for (const job of jobs) await recordDead(job);
  });
  log.info({ worker: WORKER_ID, concurrency: env.WORKER_CONCURRENCY }, "job worker started");
  return async () => {
    await boss.offWork(JOB_QUEUE);
    await boss.offWork(DEAD_JOB_QUEUE);
  };
}

/**
 * Runs one due job in this process, if any, through the same steps a worker takes; returns
 * whether one ran. For tests and scripts that need the work done now rather than by a worker.
 */
export async function runOneJob(): Promise<boolean> {
  const boss = await jobEngine();
  const [job] = await boss.fetch<EngineJobData>(JOB_QUEUE, { includeMetadata: true });
  if (!job) return false;
  const result = await processJob(job);
  const attempt = { id: job.id, retryCount: job.retryCount };
  if (result.status === "completed") await boss.complete(JOB_QUEUE, attempt, result.output as object);
  else if (result.status === "failed") await boss.fail(JOB_QUEUE, attempt, result.output as object);
  else await boss.cancel(JOB_QUEUE, attempt);
  return true;
}
