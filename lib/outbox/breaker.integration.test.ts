import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { SalesforceSandbox } from "@/sandbox/salesforce";
import { FAILURES_TO_OPEN } from "./breaker";
import { connectTenant, elapse, mirrorLeads, outboxCounts, publishScores, restCalls, startLeadSandbox, testBudget } from "@/test/support/outbox";
import { drainOnce } from "./worker";

// The circuit breaker every worker shares: a CRM that keeps failing whole calls is left alone for
// a while (messages handed back, no attempt spent, no call made), then probed with one call.

let sandbox: SalesforceSandbox;
let leadIds: string[];

beforeAll(async () => {
  ({ sandbox, leadIds } = await startLeadSandbox(2));
});
afterAll(async () => {
  await sandbox?.close();
});

it("opens after repeated failed calls, stops calling, then probes once and closes when the CRM answers", async () => {
  const t = await connectTenant(sandbox);
  const mirrored = await mirrorLeads(t, leadIds);
  await publishScores(t, mirrored.map((m) => ({ ...m, score: 64 })));
  const budget = testBudget();
  sandbox.failNext(FAILURES_TO_OPEN, { status: 503, errorCode: "SERVER_UNAVAILABLE", message: "down" });
  const mark = sandbox.requestLog().length;

  for (let i = 0; i < FAILURES_TO_OPEN; i++) {
    await drainOnce({ budget });
    await db.$executeRaw`UPDATE outbox_messages SET next_attempt_at = now() - interval '1 second' WHERE status = 'PENDING'`;
  }
  expect(restCalls(sandbox, mark)).toHaveLength(FAILURES_TO_OPEN);
  const open = await db.outboxBreaker.findUniqueOrThrow({ where: { connectionId: t.connection.id } });
  expect(open).toMatchObject({ state: "open", failures: FAILURES_TO_OPEN, lastError: "SERVER_UNAVAILABLE: down" });

  // Open: the due messages go back without a call and without spending an attempt.
  const attempts = (await db.outboxMessage.findMany({ where: { connectionId: t.connection.id } })).map((m) => m.attempts);
  expect(await drainOnce({ budget })).toBe(0);
  expect(restCalls(sandbox, mark)).toHaveLength(FAILURES_TO_OPEN);
  const held = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id } });
  expect(held.map((m) => m.attempts)).toEqual(attempts);
  expect(held.every((m) => m.lastError === "DEFERRED: circuit breaker open" && m.nextAttemptAt >= open.openedUntil!)).toBe(true);

  // Its open spell over, one probe goes out; the CRM answers, so the breaker closes.
  await elapse(budget, t.connection.id);
  await drainOnce({ budget });
  expect(restCalls(sandbox, mark)).toHaveLength(FAILURES_TO_OPEN + 1);
  expect(await db.outboxBreaker.findUniqueOrThrow({ where: { connectionId: t.connection.id } })).toMatchObject({ state: "closed", failures: 0 });
  expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 2 });
});

it("a failed probe opens it again at once", async () => {
  const t = await connectTenant(sandbox);
  const [lead] = await mirrorLeads(t, leadIds.slice(0, 1));
  await publishScores(t, [{ ...lead!, score: 12 }]);
  await db.outboxBreaker.create({ data: { connectionId: t.connection.id, tenantId: t.tenant.id, state: "open", failures: FAILURES_TO_OPEN, openedUntil: new Date(Date.now() - 1000) } });
  sandbox.failNext(1, { status: 500, errorCode: "UNKNOWN_EXCEPTION", message: "still down" });
  const budget = testBudget();

  await drainOnce({ budget });

  const breaker = await db.outboxBreaker.findUniqueOrThrow({ where: { connectionId: t.connection.id } });
  expect(breaker.state).toBe("open");
  expect(breaker.openedUntil!.getTime()).toBeGreaterThan(Date.now());
});
