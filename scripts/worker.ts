// `npm run worker`: a background-work process — the job engine's worker (training, rescoring, CRM
// sync, cron schedules) and the outbox's delivery loop. Run as many as the load needs, on any
// machine that reaches the PostgreSQL the app uses; they share leases, rate budgets and schedules
// through it. With the embedded database (no DATABASE_URL) there can be only one process, so
// `--with-app` serves the app from this same process as well (what `npm run demo` does).
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb, embeddedDatabase } from "@/lib/db";
import { stopJobEngine } from "@/lib/jobs/engine";
import "@/lib/jobs/handlers";
import { startJobWorker } from "@/lib/jobs/worker";
import { log } from "@/lib/log";
import { startBackgroundLoops } from "@/lib/outbox/loops";

const { values } = parseArgs({
  options: {
    "with-app": { type: "boolean", default: false },
    dev: { type: "boolean", default: false },
    port: { type: "string", default: "3000" },
    host: { type: "string", default: "localhost" },
  },
});

if (embeddedDatabase() && !values["with-app"]) {
  console.error(
    "The embedded database (no DATABASE_URL) has one owner process. Run `npm run demo`, or `npm run worker -- --with-app`,\n" +
      "which serves the app from this worker; or set DATABASE_URL to run app and workers as separate processes.",
  );
  process.exit(2);
}

const stopJobs = await startJobWorker();
const stopLoops = startBackgroundLoops();

let stopApp: (() => Promise<void>) | null = null;
if (values["with-app"]) {
  // Loaded only here: a plain worker never needs Next.
  const { default: next } = await import("next");
  const port = Number(values.port);
  const app = next({ dev: values.dev, dir: path.resolve(import.meta.dirname, ".."), hostname: values.host, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(port, values.host, resolve));
  stopApp = () => new Promise<void>((resolve) => server.close(() => resolve()));
  log.info({ url: `http://${values.host}:${port}` }, "app served by this worker process");
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping: finishing the work in hand");
  await stopApp?.();
  await stopLoops();
  await stopJobs();
  await stopJobEngine();
  await closeDb();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
