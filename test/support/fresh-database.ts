import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { migrationScripts } from "./migrations";

// A new, empty PostgreSQL database on the server; its name ends in a base-36 timestamp, so
// test/global-setup.ts can drop stale ones. Returns its URL.
export async function createPostgresDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

// An empty database with every migration applied, for a test file, a benchmark or a fault test:
// a new PostgreSQL database on the server when one is given, else an embedded PGlite folder.
// Returns the environment that points lib/env at it.
export async function freshDatabase(serverUrl: string | undefined, prefix = "candor_t"): Promise<{ DATABASE_URL: string } | { PGLITE_DIR: string }> {
  if (serverUrl) {
    const url = await createPostgresDatabase(serverUrl, prefix);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const m of migrationScripts()) await client.query(m.sql);
    await client.end();
    return { DATABASE_URL: url };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "candor-pglite-"));
  const db = new PGlite(dir);
  for (const m of migrationScripts()) await db.exec(m.sql);
  await db.close();
  return { PGLITE_DIR: dir };
}
