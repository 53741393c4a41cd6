// Runs once when the server starts. The outbox worker and the job runner live in the app process
// by default, so the embedded database keeps a single owner; WORKER_ENABLED=false turns them off
// (for a deployment that runs them elsewhere).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (!env.WORKER_ENABLED) return;
  const { startWorker } = await import("@/lib/outbox/worker");
  startWorker(env.WORKER_POLL_MS);
  await import("@/lib/jobs/handlers");
  const { startJobRunner } = await import("@/lib/jobs/runner");
  startJobRunner(env.WORKER_POLL_MS);
}
