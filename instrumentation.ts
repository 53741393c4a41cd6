// Runs once when the server starts. The outbox worker lives in the app process by default, so
// the embedded database keeps a single owner; set WORKER_ENABLED=false to run it elsewhere.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/env");
  if (!env.WORKER_ENABLED) return;
  const { startWorker } = await import("@/lib/outbox/worker");
  startWorker(env.WORKER_POLL_MS);
}
