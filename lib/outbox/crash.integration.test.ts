import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adapterFor } from "@/lib/crm/connections";
import { db } from "@/lib/db";
import type { SalesforceSandbox } from "@/sandbox/salesforce";
import {
  connectTenant, expireLeases, mirrorLeads, outboxCounts, publishScores, raiseFlags, restCalls,
  startLeadSandbox, tasksFor, testBudget, type Connected, type Mirrored,
} from "@/test/support/outbox";
import { claimDue, drainOnce, MAX_ATTEMPTS, sendBatch, settle } from "./worker";

// Crash tests: a worker dies at each seam of claim → send → settle, and another one takes over
// once the lease runs out. The CRM side is the real stand-in, so "exactly once" is counted there.

let sandbox: SalesforceSandbox;
let leadIds: string[];

beforeAll(async () => {
  ({ sandbox, leadIds } = await startLeadSandbox(40));
});
afterAll(async () => {
  await sandbox?.close();
});

let next = 0;
async function setup(leads: number): Promise<{ t: Connected; mirrored: Mirrored }> {
  const t = await connectTenant(sandbox);
  const mirrored = await mirrorLeads(t, leadIds.slice(next, next + leads));
  next += leads;
  return { t, mirrored };
}

const lead = (id: string) => sandbox.records("Lead").find((r) => r.Id === id)!;

// The first worker: claims and gets the CRM to accept the writes, then dies before recording it.
async function crashAfterSend(kind: string) {
  const claimed = (await claimDue(100)).filter((m) => m.kind === kind);
  const adapter = await adapterFor(claimed[0]!.connectionId);
  const outcome = await sendBatch(adapter, claimed, "crashing-worker");
  expect(outcome.type === "results" && outcome.results.every((r) => r.ok)).toBe(true);
  return claimed;
}

describe("a worker that dies after the CRM accepted the write", () => {
  it("leaves exactly one Task per flag once another worker re-sends it", async () => {
    const { t, mirrored } = await setup(3);
    const flagIds = await raiseFlags(t, mirrored);
    await crashAfterSend("create_task");
    for (const id of flagIds) expect(tasksFor(sandbox, id)).toHaveLength(1);
    const firstTaskIds = flagIds.map((id) => tasksFor(sandbox, id)[0]!.Id);

    // Before the lease runs out nobody touches the messages.
    const mark = sandbox.requestLog().length;
    expect(await drainOnce({ budget: testBudget() })).toBe(0);
    expect(sandbox.requestLog().length).toBe(mark);

    await expireLeases();
    await drainOnce({ budget: testBudget() });

    expect(restCalls(sandbox, mark)).toHaveLength(1);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 3 });
    const flags = await db.flag.findMany({ where: { id: { in: flagIds } }, orderBy: { createdAt: "asc" } });
    flagIds.forEach((id, i) => {
      expect(tasksFor(sandbox, id).map((task) => task.Id)).toEqual([firstTaskIds[i]]);
      expect(flags.find((f) => f.id === id)).toMatchObject({ syncStatus: "SYNCED", crmTaskId: firstTaskIds[i] });
    });
    const messages = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id } });
    expect(messages.every((m) => m.attempts === 2)).toBe(true);
    expect(await db.auditEvent.count({ where: { resourceId: { in: messages.map((m) => m.id) }, outcome: "success" } })).toBe(3);
  });

  it("re-sends field writes idempotently: same values, one DONE row each", async () => {
    const { t, mirrored } = await setup(3);
    await publishScores(t, mirrored.map((m, i) => ({ ...m, score: 50 + i })));
    await crashAfterSend("update_fields");
    const written = mirrored.map((m) => ({ ...lead(m.externalId) }));

    await expireLeases();
    await drainOnce({ budget: testBudget() });

    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 3 });
    mirrored.forEach((m, i) => {
      const now = lead(m.externalId);
      expect(now.Candor_Score__c).toBe(50 + i);
      expect(now.Candor_Top_Reasons__c).toBe(written[i]!.Candor_Top_Reasons__c);
    });
    expect(await db.score.count({ where: { id: { in: mirrored.map((m) => m.scoreId) }, publishedAt: { not: null } } })).toBe(3);
  });
});

describe("other seams", () => {
  it("a worker that dies between claim and send: the next one delivers after the lease", async () => {
    const { t, mirrored } = await setup(2);
    const flagIds = await raiseFlags(t, mirrored);
    expect(await claimDue(100)).toHaveLength(2);

    expect(await drainOnce({ budget: testBudget() })).toBe(0);
    await expireLeases();
    await drainOnce({ budget: testBudget() });

    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 2 });
    for (const id of flagIds) expect(tasksFor(sandbox, id)).toHaveLength(1);
  });

  it("a stalled worker that wakes after its lease was taken over cannot undo the new owner's outcome", async () => {
    const { t, mirrored } = await setup(1);
    const [flagId] = await raiseFlags(t, mirrored);
    const [stale] = await claimDue(100);
    await expireLeases();
    await drainOnce({ budget: testBudget() });
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 1 });

    // The first worker's call "failed" from where it stood, permanently even.
    const applied = await settle(stale!, { type: "failed", code: "ENTITY_IS_DELETED", message: "late", retryable: false });

    expect(applied).toBe(false);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 1 });
    expect(await db.flag.findUniqueOrThrow({ where: { id: flagId! } })).toMatchObject({ syncStatus: "SYNCED" });
    expect(await db.auditEvent.count({ where: { resourceId: stale!.id, outcome: "failure" } })).toBe(0);
  });

  it("a worker that dies holding a message's last attempt: the message is dead, not claimable forever", async () => {
    const { t, mirrored } = await setup(1);
    const [flagId] = await raiseFlags(t, mirrored);
    await db.outboxMessage.updateMany({ where: { connectionId: t.connection.id }, data: { attempts: MAX_ATTEMPTS - 1 } });
    const [held] = await claimDue(100);
    expect(held!.attempts).toBe(MAX_ATTEMPTS);
    await expireLeases();
    const mark = sandbox.requestLog().length;

    await drainOnce({ budget: testBudget() });

    expect(sandbox.requestLog().length).toBe(mark);
    const m = await db.outboxMessage.findUniqueOrThrow({ where: { id: held!.id } });
    expect(m).toMatchObject({ status: "DEAD", lockedUntil: null, claimId: null, lastErrorCode: "LEASE_EXPIRED" });
    expect(await db.flag.findUniqueOrThrow({ where: { id: flagId! } })).toMatchObject({ syncStatus: "FAILED" });
    expect(await db.auditEvent.count({ where: { resourceId: held!.id, outcome: "failure" } })).toBe(1);
  });

  it("a settle that cannot find its source row still completes (no endless re-sends)", async () => {
    const { t, mirrored } = await setup(1);
    await publishScores(t, mirrored.map((m) => ({ ...m, score: 9 })));
    await db.outboxMessage.updateMany({ where: { connectionId: t.connection.id }, data: { sourceId: "00000000-0000-4000-8000-000000000000" } });

    await drainOnce({ budget: testBudget() });

    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 1 });
  });
});
