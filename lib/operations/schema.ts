import { z } from "zod";

// The operations page's API: what the routes accept and what they answer, shared with the page.

export const SeriesQuery = z.object({ minutes: z.coerce.number().int().min(10).max(1440).default(60) }).strict();
export const DeadLetterQuery = z.object({
  connectionId: z.string().uuid().optional(),
  before: z.coerce.number().int().positive().optional(),
}).strict();
export const ReplayBody = z.union([
  z.object({ ids: z.array(z.string().uuid()).min(1).max(500) }).strict(),
  z.object({ connectionId: z.string().uuid(), all: z.literal(true) }).strict(),
]);
export const DiscardBody = z.object({ reason: z.string().trim().min(3).max(500) }).strict();
export const IdParams = z.object({ id: z.string().uuid() }).strict();

export interface SeriesPoint {
  /** ISO start of the minute. */
  minute: string;
  delivered: number;
  failed: number;
  dead: number;
  calls: number;
  throttled: number;
  /** Failed and dead over all outcomes of the minute; null without outcomes. */
  errorRate: number | null;
  depth: number | null;
  lagSeconds: number | null;
  breaker: string | null;
}

export interface ConnectionOps {
  id: string;
  provider: "SALESFORCE" | "HUBSPOT";
  externalOrgId: string;
  depth: number;
  dead: number;
  lagSeconds: number;
  breaker: { state: string; failures: number; openedUntil: string | null; lastError: string | null };
  pausedUntil: string | null;
  series: SeriesPoint[];
}

export interface DeadLetter {
  id: string;
  seq: number;
  connectionId: string;
  kind: string;
  objectType: string;
  recordExternalId: string;
  /** What the write was: the score, or the task's subject. */
  summary: string;
  attempts: number;
  errorCode: string | null;
  error: string | null;
  createdAt: string;
}

export interface JobRow {
  id: string;
  kind: string;
  status: string;
  progress: number;
  total: number;
  attempts: number;
  error: string | null;
  createdBy: string | null;
  workerId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface WorkerRow {
  name: string;
  host: string;
  pid: number;
  startedAt: string;
  lastSeenAt: string;
}
