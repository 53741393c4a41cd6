import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { sharedLimiter, type LimiterStore } from "./rate-limit";

// A budget is shared by every process: two limiters on separate connections to the same store
// (as two app or worker nodes have) never grant more than the budget between them.

async function sharedBy(stores: [LimiterStore, LimiterStore], name: string) {
  const opts = { name, points: 10, duration: 60 };
  const [a, b] = stores.map((s) => sharedLimiter(opts, s));
  const verdicts = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a! : b!).consume("session-1")));
  return verdicts.filter((v) => v.ok).length;
}

describe.skipIf(embeddedDatabase() !== null)("in PostgreSQL", () => {
  const pools = [new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 }), new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 })];
  afterAll(() => Promise.all(pools.map((p) => p.end())));

  it("two nodes share one budget", async () => {
    expect(await sharedBy([{ kind: "postgres", pool: pools[0]! }, { kind: "postgres", pool: pools[1]! }], "shared-pg")).toBe(10);
  });

  it("a block by one node refuses the key on the other", async () => {
    const [a, b] = pools.map((pool) => sharedLimiter({ name: "pause-pg", points: 1, duration: 1 }, { kind: "postgres", pool }));
    await a!.block("conn", 120);
    expect(await b!.refusedFor("conn")).toBeGreaterThan(100_000);
    await b!.reset("conn");
    expect(await a!.refusedFor("conn")).toBe(0);
  });
});

// Redis is optional (REDIS_URL); the test runs where a redis-server binary is installed.
const redisServer = spawnSync("redis-server", ["--version"]).status === 0;

describe.skipIf(!redisServer)("in Redis", () => {
  let server: ChildProcess;
  const clients: Redis[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
    server?.kill();
  });

  it("two nodes share one budget", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    server = spawn("redis-server", ["--port", String(port), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    for (let i = 0; i < 2; i++) {
      const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true });
      // Refused connections while the server starts are expected; connect() below reports them.
      client.on("error", () => undefined);
      clients.push(client);
    }
    await expect.poll(async () => clients[0]!.connect().then(() => true, () => false), { timeout: 10_000 }).toBe(true);
    await clients[1]!.connect();
    expect(await sharedBy([{ kind: "redis", client: clients[0]! }, { kind: "redis", client: clients[1]! }], "shared-redis")).toBe(10);
  });
});
