import pg from "pg";

// Drops the per-file databases that earlier runs left on the server. Names end in a base-36
// timestamp; only those older than an hour go, so a run in progress elsewhere keeps its own.
const MAX_AGE_MS = 3_600_000;

export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'candor\\_t\\_%' OR datname LIKE 'candor\\_e2e\\_%'",
  );
  for (const { datname } of rows) {
    const stamp = parseInt(datname.split("_").at(-1) ?? "", 36);
    if (Number.isFinite(stamp) && Date.now() - stamp < MAX_AGE_MS) continue;
    await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  await client.end();
}
