import { afterAll, inject, vi } from "vitest";
import { freshDatabase } from "@/test/support/fresh-database";

// Runs before each integration test file: creates an empty database, applies every migration,
// and points lib/env at it. The server URL comes from DATABASE_URL (CI's PostgreSQL); without
// it the embedded engine is used, as in `npm run demo`.
// A worker process may run several files, so the server URL is remembered apart from DATABASE_URL.
process.env.CANDOR_TEST_SERVER_URL ??= process.env.DATABASE_URL ?? "";
// The run id lets test/global-setup.ts drop exactly this run's databases when it ends.
Object.assign(process.env, await freshDatabase(process.env.CANDOR_TEST_SERVER_URL || undefined, `candor_t_${inject("testRunId")}`), { NODE_ENV: "test" });

// Producers start the job engine before their first transaction (lib/jobs/engine.ts); so do tests.
// The engine installs its own schema in the new database on start. It lives on globalThis, so the
// test file's own (fresh) copies of the modules use it; fresh, so a test can still stub the
// environment before lib/env reads it.
const { startJobEngine, stopJobEngine } = await import("@/lib/jobs/engine");
await startJobEngine("producer");
afterAll(() => stopJobEngine());
vi.resetModules();
