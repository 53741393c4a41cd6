// Runs once when the server starts. The app only enqueues background work; `npm run worker`
// processes run it. With PostgreSQL the app starts its side of the job engine here, so the first
// request that enqueues does not pay for it. The embedded database has a single owner, the process
// started by `npm run worker -- --with-app`, which starts the engine before it serves this app.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { embeddedDatabase } = await import("@/lib/db");
  const { jobEngineStarted, startJobEngine } = await import("@/lib/jobs/engine");
  if (!embeddedDatabase()) {
    await startJobEngine("producer");
    return;
  }
  if (!jobEngineStarted()) {
    const { log } = await import("@/lib/log");
    log.warn("No job worker owns the embedded database: start Candor with `npm run demo` or `npm run worker -- --with-app`, not `next start`.");
  }
}
