import "server-only";
import { env } from "@/lib/env";
import { startWorker } from "./worker";

// The outbox's side of a worker process: the delivery loop.
export function startBackgroundLoops(): () => Promise<void> {
  const stop = startWorker(env.WORKER_POLL_MS);
  return async () => stop();
}
