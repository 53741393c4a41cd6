import type { ZodType } from "zod";
import type { Prisma } from "@/lib/generated/prisma/client";

// Job kinds, their handlers and cron schedules. Domains register theirs from lib/jobs/handlers.ts,
// which only worker processes import; the app enqueues by kind name without loading any of this.

export interface RunningJob {
  id: string;
  /** Null for system jobs (cron fan-outs, retention). */
  tenantId: string | null;
  kind: string;
  payload: Prisma.JsonValue;
  /** 1 for the first attempt. */
  attempts: number;
  /** Aborted when this worker no longer holds the job (its lease went to another worker). */
  signal: AbortSignal;
}

export type JobHandler = (job: RunningJob) => Promise<Prisma.InputJsonValue | void>;

export interface HandlerOptions {
  /**
   * Checked before the handler runs: a payload that does not fit fails the job at once, with the
   * reasons, and is never retried (a retry would fail the same way).
   */
  payload?: ZodType;
}

interface Registered {
  handler: JobHandler;
  payload?: ZodType;
}

export interface Schedule {
  name: string;
  /** Five fields, evaluated in UTC; the engine sends at most one job per schedule per minute. */
  cron: string;
  kind: string;
  payload: Prisma.InputJsonObject;
}

const handlers = new Map<string, Registered>();
const schedules = new Map<string, Schedule>();

export function registerJobHandler(kind: string, handler: JobHandler, opts: HandlerOptions = {}): void {
  handlers.set(kind, { handler, payload: opts.payload });
}

export function handlerFor(kind: string): Registered | undefined {
  return handlers.get(kind);
}

/**
 * A recurring system job: every worker registers the same schedules and the engine sends one job
 * per occurrence, whichever worker's clock ticks first. A schedule no longer registered is removed
 * when a worker starts.
 */
export function registerSchedule(name: string, cron: string, kind: string, payload: Prisma.InputJsonObject = {}): void {
  schedules.set(name, { name, cron, kind, payload });
}

export function registeredSchedules(): Schedule[] {
  return [...schedules.values()];
}
