import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { migrationScripts } from "@/test/support/migrations";

// Runs before each integration test file: creates an empty database, applies every migration,
// and points lib/env at it. The server URL comes from DATABASE_URL (CI's PostgreSQL); without
// it the embedded engine is used, as in `npm run demo`.
// A worker process may run several files, so the server URL is remembered apart from DATABASE_URL.
process.env.CANDOR_TEST_SERVER_URL ??= process.env.DATABASE_URL ?? "";
const serverUrl = process.env.CANDOR_TEST_SERVER_URL;

if (serverUrl) {
  // The run id lets test/global-setup.ts drop exactly this run's databases when it ends.
  const name = `candor_t_${inject("testRunId")}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  for (const m of migrationScripts()) await client.query(m.sql);
  await client.end();
  process.env.DATABASE_URL = url.toString();
} else {
  const dir = mkdtempSync(path.join(tmpdir(), "candor-pglite-"));
  const db = new PGlite(dir);
  for (const m of migrationScripts()) await db.exec(m.sql);
  await db.close();
  process.env.PGLITE_DIR = dir;
}
Object.assign(process.env, { NODE_ENV: "test" });
