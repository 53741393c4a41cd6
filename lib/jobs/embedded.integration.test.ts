import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { fromPglite, fromPrisma, PgBoss } from "pg-boss";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { migrationScripts } from "@/test/support/migrations";

// Why the embedded default runs app and worker in one process (README, "Background work"): that
// process owns the PGlite instance, and Prisma and the job engine share its single connection.
// This proves the sharing is safe: Prisma's interactive transactions, the engine's inserts made
// inside them, and a worker fetching and settling jobs, all at once, never interleave — every
// read-modify-write counts exactly once and every job runs exactly once.

let pglite: PGlite;
let prisma: PrismaClient;
let boss: PgBoss;
const errors: Error[] = [];

beforeAll(async () => {
  pglite = new PGlite();
  for (const m of migrationScripts()) await pglite.exec(m.sql);
  await pglite.exec("CREATE TABLE counters (name text PRIMARY KEY, n int NOT NULL); INSERT INTO counters VALUES ('requests', 0), ('jobs', 0);");
  prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) as unknown as PrismaPg });
  boss = new PgBoss({ db: fromPglite(pglite), backend: "pglite", supervise: false, schedule: false, registerInstance: false });
  boss.on("error", (e: Error) => errors.push(e));
  await boss.start();
  await boss.createQueue("embedded-proof");
}, 60_000);

afterAll(async () => {
  await boss?.stop({ graceful: false });
  await pglite?.close();
});

const bump = (name: string) =>
  prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ n: number }>>`SELECT n FROM counters WHERE name = ${name}`;
    // A yield inside the transaction: anything that could interleave gets its chance here.
    await new Promise((resolve) => setImmediate(resolve));
    await tx.$executeRaw`UPDATE counters SET n = ${row!.n + 1} WHERE name = ${name}`;
  });

it("Prisma transactions, enqueues inside them and a working engine share one PGlite without interleaving", async () => {
  const ran = new Set<string>();
  await boss.work("embedded-proof", { batchSize: 5, localConcurrency: 3, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      ran.add(job.id);
      await bump("jobs");
    }
  });
  const requests = 40;
  await Promise.all(
    Array.from({ length: requests }, (_, i) =>
      prisma.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<Array<{ n: number }>>`SELECT n FROM counters WHERE name = 'requests'`;
        await boss.send("embedded-proof", { i }, { db: fromPrisma(tx) });
        await tx.$executeRaw`UPDATE counters SET n = ${row!.n + 1} WHERE name = 'requests'`;
      }),
    ),
  );
  await expect.poll(async () => (await pglite.query<{ n: number }>("SELECT n FROM counters WHERE name = 'jobs'")).rows[0]!.n, { timeout: 30_000 }).toBe(requests);
  const counts = await pglite.query<{ name: string; n: number }>("SELECT name, n FROM counters ORDER BY name");
  expect(counts.rows).toEqual([{ name: "jobs", n: requests }, { name: "requests", n: requests }]);
  expect(ran.size).toBe(requests);
  expect(errors).toEqual([]);
}, 60_000);
