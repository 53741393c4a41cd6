import "server-only";
import { hostname } from "node:os";
import { fromPglite, PgBoss, type ConstructorOptions, type Queue } from "pg-boss";
import { embeddedDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// The job engine: pg-boss on the database Candor already has (PostgreSQL, or the embedded PGlite
// through pg-boss's own adapter). It owns queueing, leases with heartbeats, attempt-fenced
// settling, retries with back-off, cron schedules and a dead-letter queue; Candor's `jobs` table
// keeps what the UI shows. pg-boss installs and migrates its own schema (`pgboss`) on start, under
// an advisory lock, so any number of processes may start at once.

// Every Candor job kind shares one queue: producers (the app) never load the handlers, so a queue
// per kind would not exist until a worker created it. Per-job priority keeps incremental work ahead
// of bulk work.
export const JOB_QUEUE = "candor.jobs";
// Where pg-boss moves a job whose last attempt failed or whose worker vanished on its last attempt,
// so Candor's row can say so (./worker.ts).
export const DEAD_JOB_QUEUE = "candor.jobs.dead";

export type EngineRole = "producer" | "worker";

const queueOptions = (): Omit<Queue, "name"> => ({
  retryLimit: 4,
  retryDelay: env.JOB_RETRY_DELAY_SECONDS,
  retryBackoff: true,
  retryDelayMax: 300,
  // A job's longest run; heartbeats, not this, are how a stopped worker is noticed.
  expireInSeconds: 4 * 3600,
  heartbeatSeconds: env.JOB_HEARTBEAT_SECONDS,
  deleteAfterSeconds: 7 * 24 * 3600,
});

export const WORKER_ID = `${hostname()}:${process.pid}`;

interface EngineState {
  role: EngineRole;
  ready: Promise<PgBoss>;
  boss: PgBoss | null;
}

// One engine per process, kept on globalThis like the database client: Next's bundles and the
// worker's own modules are separate copies of this file in the embedded setup.
const g = globalThis as unknown as { candorJobEngine?: EngineState };

function options(role: EngineRole): ConstructorOptions {
  const worker = role === "worker";
  const common: ConstructorOptions = {
    schema: "pgboss",
    migrate: true,
    // Only workers watch for stalled jobs and send cron occurrences; producers only insert.
    supervise: worker,
    schedule: worker,
    superviseIntervalSeconds: env.JOB_SUPERVISE_SECONDS,
    monitorIntervalSeconds: env.JOB_SUPERVISE_SECONDS,
    registerInstance: worker,
    instanceName: worker ? `worker ${WORKER_ID}` : undefined,
    openTelemetry: { enabled: false },
  };
  const pglite = embeddedDatabase();
  if (pglite) return { ...common, db: fromPglite(pglite), backend: "pglite" };
  return { ...common, connectionString: env.DATABASE_URL, max: worker ? 4 : 2, application_name: `candor-${role}` };
}

async function boot(role: EngineRole): Promise<PgBoss> {
  const boss = new PgBoss(options(role));
  // pg-boss reports background failures (a maintenance pass, a lost connection) as events; they
  // must be seen, and must not crash the process.
  boss.on("error", (err: Error) => log.error({ err: err.message }, "job engine error"));
  boss.on("warning", (w: { message: string }) => log.warn({ warning: w.message }, "job engine warning"));
  await boss.start();
  await ensureQueue(boss, DEAD_JOB_QUEUE, { retryLimit: 2, expireInSeconds: 300 });
  await ensureQueue(boss, JOB_QUEUE, { ...queueOptions(), deadLetter: DEAD_JOB_QUEUE });
  return boss;
}

async function ensureQueue(boss: PgBoss, name: string, opts: Omit<Queue, "name">) {
  if (await boss.getQueue(name)) await boss.updateQueue(name, opts);
  else await boss.createQueue(name, opts);
}

/**
 * Starts this process's engine (idempotent). A worker role watches for stalled jobs and runs cron;
 * a producer only enqueues. In the embedded database every statement shares one connection, so
 * start the engine before the first transaction that enqueues: a start from inside one would wait
 * for that transaction to end.
 */
export function startJobEngine(role: EngineRole = "producer"): Promise<PgBoss> {
  const existing = g.candorJobEngine;
  if (existing && (existing.role === "worker" || role === "producer")) return existing.ready;
  if (existing) throw new Error("The job engine already runs as a producer in this process; start the worker role first.");
  const state: EngineState = { role, boss: null, ready: boot(role) };
  state.ready.then((b) => (state.boss = b)).catch(() => {
    if (g.candorJobEngine === state) g.candorJobEngine = undefined;
  });
  g.candorJobEngine = state;
  return state.ready;
}

export function jobEngineStarted(): boolean {
  return g.candorJobEngine !== undefined;
}

/** The started engine, for enqueueing inside a transaction; see startJobEngine. */
export async function jobEngine(): Promise<PgBoss> {
  if (g.candorJobEngine) return g.candorJobEngine.ready;
  if (embeddedDatabase()) throw new Error("The job engine is not running in this process (the embedded database needs startJobEngine() before the first enqueue).");
  return startJobEngine("producer");
}

export async function stopJobEngine(): Promise<void> {
  const state = g.candorJobEngine;
  if (!state) return;
  g.candorJobEngine = undefined;
  const boss = await state.ready.catch(() => null);
  await boss?.stop({ graceful: true, timeout: 10_000 });
}
