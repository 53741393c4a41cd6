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

const iso = z.string().datetime({ offset: true });

export const SeriesPointSchema = z.object({
  /** ISO start of the minute. */
  minute: iso,
  delivered: z.number().int(),
  failed: z.number().int(),
  dead: z.number().int(),
  calls: z.number().int(),
  throttled: z.number().int(),
  /** Failed and dead over all outcomes of the minute; null without outcomes. */
  errorRate: z.number().nullable(),
  depth: z.number().int().nullable(),
  lagSeconds: z.number().int().nullable(),
  breaker: z.string().nullable(),
});
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;

export const ConnectionOpsSchema = z.object({
  id: z.string().uuid(),
  provider: z.enum(["SALESFORCE", "HUBSPOT"]),
  externalOrgId: z.string(),
  depth: z.number().int(),
  dead: z.number().int(),
  lagSeconds: z.number().int(),
  breaker: z.object({ state: z.string(), failures: z.number().int(), openedUntil: iso.nullable(), lastError: z.string().nullable() }),
  pausedUntil: iso.nullable(),
  series: z.array(SeriesPointSchema),
});
export type ConnectionOps = z.infer<typeof ConnectionOpsSchema>;
export const ConnectionsResponse = z.object({ connections: z.array(ConnectionOpsSchema) });

export const DeadLetterSchema = z.object({
  id: z.string().uuid(),
  seq: z.number().int(),
  connectionId: z.string().uuid(),
  kind: z.string(),
  objectType: z.string(),
  recordExternalId: z.string(),
  /** What the write was: the score, or the task's subject. */
  summary: z.string(),
  attempts: z.number().int(),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: iso,
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;
/** A page of dead letters, newest first; `next` is the `before` of the next page. */
export const DeadLettersResponse = z.object({ items: z.array(DeadLetterSchema), next: z.number().int().nullable() });
export const ReplayResponse = z.object({ replayed: z.number().int() });
export const DiscardResponse = z.object({ discarded: z.string().uuid() });

export const JobRowSchema = z.object({
  id: z.string().uuid(),
  kind: z.string(),
  status: z.string(),
  progress: z.number().int(),
  total: z.number().int(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  workerId: z.string().nullable(),
  createdAt: iso,
  startedAt: iso.nullable(),
  finishedAt: iso.nullable(),
});
export type JobRow = z.infer<typeof JobRowSchema>;

export const WorkerRowSchema = z.object({ name: z.string(), host: z.string(), pid: z.number().int(), startedAt: iso, lastSeenAt: iso });
export type WorkerRow = z.infer<typeof WorkerRowSchema>;
export const JobsResponse = z.object({ active: z.array(JobRowSchema), recent: z.array(JobRowSchema), workers: z.array(WorkerRowSchema) });
