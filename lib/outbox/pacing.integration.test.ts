import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { SalesforceSandbox } from "@/sandbox/salesforce";
import { startSandbox } from "@/test/support/salesforce-sandbox";
import { ConnectionRateLimiter } from "./rate-limit";
import {
  connectTenant, drainToQuiet, makeDue, mirrorLeads, outboxCounts, publishScores, raiseFlags, restCalls,
  testLimiter, VirtualClock, type Connected,
} from "@/test/support/outbox";
import { drainOnce } from "./worker";

// The worker paces CRM calls per connection: a burst of messages that needs several calls (one per
// kind and sObject type, or per 200 items) never goes out faster than the connection's limit, and
// what would have to wait too long is handed back without spending an attempt.

let sandbox: SalesforceSandbox;
const ids: Record<"Lead" | "Contact" | "Account", string[]> = { Lead: [], Contact: [], Account: [] };

beforeAll(async () => {
  sandbox = await startSandbox({
    records: {
      Lead: [1, 2, 3, 4].map((i) => ({ LastName: `Lead ${i}`, Company: "Co" })),
      Contact: [1, 2, 3, 4].map((i) => ({ LastName: `Contact ${i}` })),
      Account: [1, 2, 3, 4].map((i) => ({ Name: `Account ${i}` })),
    },
  });
  for (const type of ["Lead", "Contact", "Account"] as const) ids[type] = sandbox.records(type).map((r) => r.Id as string);
});
afterAll(async () => {
  await sandbox?.close();
});

// One flag (a Task call) plus a field write per sObject type: four CRM calls for one connection.
async function burst(slot: number): Promise<Connected> {
  const t = await connectTenant(sandbox);
  const [lead] = await mirrorLeads(t, [ids.Lead[slot]!]);
  await raiseFlags(t, [lead!]);
  await publishScores(t, (["Lead", "Contact", "Account"] as const).map((objectType) => ({
    objectType, externalId: ids[objectType][slot]!, scoreId: lead!.scoreId, score: 40 + slot,
  })));
  return t;
}

describe("per-connection pacing", () => {
  it("spreads a burst of calls to the configured calls per second, waiting between them", async () => {
    const t = await burst(0);
    const mark = sandbox.requestLog().length;
    // The limiter's clock and sleep are the test's: the waits are recorded, not spent.
    const clock = new VirtualClock();
    const waits: number[] = [];
    const limiter = new ConnectionRateLimiter({
      limits: { SALESFORCE: { ratePerSecond: 10, burst: 1 } }, now: clock.now,
      sleep: async (ms) => {
        waits.push(ms);
        await clock.sleep(ms);
      },
    });

    await drainOnce({ limiter });

    // Four calls at 10/s with no burst allowance: the first at once, then three gaps of 100 ms.
    expect(restCalls(sandbox, mark)).toHaveLength(4);
    expect(waits.map((ms) => Math.round(ms))).toEqual([100, 100, 100]);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 4 });
  });

  it("hands back what would wait too long, without spending attempts, and sends it later", async () => {
    const t = await burst(1);
    const mark = sandbox.requestLog().length;
    const clock = new VirtualClock();
    const limiter = testLimiter(clock, { ratePerSecond: 1, burst: 1 });

    expect(await drainOnce({ limiter, maxWaitMs: 0 })).toBe(1);

    expect(restCalls(sandbox, mark)).toHaveLength(1);
    const waiting = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id, status: "PENDING" } });
    expect(waiting).toHaveLength(3);
    expect(waiting.every((m) => m.attempts === 0 && m.lastError?.startsWith("DEFERRED"))).toBe(true);
    expect(waiting.every((m) => m.nextAttemptAt.getTime() > Date.now())).toBe(true);

    // A pass before the limiter has a slot again sends nothing.
    await makeDue();
    await drainOnce({ limiter, maxWaitMs: 0 });
    expect(restCalls(sandbox, mark)).toHaveLength(1);

    const passes = await drainToQuiet(t.connection.id, limiter, clock);
    expect(passes).toBeGreaterThanOrEqual(1);
    expect(restCalls(sandbox, mark)).toHaveLength(4);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 4 });
    const done = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id } });
    expect(done.every((m) => m.attempts === 1)).toBe(true);
  });

  it("gives every connection its own allowance", async () => {
    const a = await burst(2);
    const b = await burst(3);
    const limiter = testLimiter(new VirtualClock(), { ratePerSecond: 1, burst: 1 });

    await drainOnce({ limiter, maxWaitMs: 0 });

    for (const t of [a, b]) {
      const counts = await outboxCounts(t.connection.id);
      expect(counts.DONE).toBe(1);
      expect(counts.PENDING).toBe(3);
    }
  });
});
