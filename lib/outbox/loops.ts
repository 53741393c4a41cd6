import "server-only";
import { env } from "@/lib/env";
import { startWorker } from "./worker";

// The outbox's side of a worker process: the delivery loop. Every worker runs one; claims keep
// them from sending the same message twice.
export function startBackgroundLoops(): () => Promise<void> {
  return startWorker(env.WORKER_POLL_MS);
}
