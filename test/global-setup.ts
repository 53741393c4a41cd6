import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";

// Per-file test databases (test/setup-db.ts) carry this run's id in their names: the run drops its
// own at the end, and at the start drops those that crashed runs left behind (names end in a
// base-36 timestamp; only those older than an hour go, so a run in progress elsewhere keeps its own).
const MAX_AGE_MS = 3_600_000;

declare module "vitest" {
  export interface ProvidedContext {
    testRunId: string;
  }
}

async function withServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function drop(client: pg.Client, pattern: string, keep: (name: string) => boolean = () => false) {
  const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [pattern]);
  for (const { datname } of rows) if (!keep(datname)) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
}

export default async function setup(project: TestProject) {
  const runId = randomBytes(4).toString("hex");
  project.provide("testRunId", runId);
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const fresh = (name: string) => {
    const stamp = parseInt(name.split("_").at(-1) ?? "", 36);
    return Number.isFinite(stamp) && Date.now() - stamp < MAX_AGE_MS;
  };
  await withServer(url, async (client) => {
    await drop(client, "candor\\_t\\_%", fresh);
    await drop(client, "candor\\_e2e\\_%", fresh);
  });
  return async () => {
    await withServer(url, (client) => drop(client, `candor\\_t\\_${runId}\\_%`));
  };
}
