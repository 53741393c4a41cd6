import type { Prisma } from "@/lib/generated/prisma/client";
import type { ClaimedJob } from "./runner";

// Job kinds and their handlers. Domains register theirs in lib/jobs/handlers.ts so the runner
// has one place to look them up.
export type JobHandler = (job: ClaimedJob) => Promise<Prisma.InputJsonValue | void>;

const handlers = new Map<string, JobHandler>();

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export function handlerFor(kind: string): JobHandler | undefined {
  return handlers.get(kind);
}
