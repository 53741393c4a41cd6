import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { decryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import type { SalesforceSandbox } from "@/sandbox/salesforce";
import { connect } from "@/test/support/salesforce-sandbox";
import {
  connectTenant, drainToQuiet, makeDue, mirrorLeads, outboxCounts, publishScores, raiseFlags, restCalls,
  startLeadSandbox, tasksFor, testLimiter, VirtualClock, type Connected, type Mirrored,
} from "@/test/support/outbox";
import { drainOnce, MAX_ATTEMPTS } from "./worker";

// The outbox worker against the Salesforce stand-in, through jsforce: batching, transient faults,
// token refresh, the daily API limit and permanent errors. Each test gets its own tenant and
// connection; the stand-in is shared, so assertions look only at what a test's own writes did.

let sandbox: SalesforceSandbox;
let leadIds: string[];

beforeAll(async () => {
  ({ sandbox, leadIds } = await startLeadSandbox(460));
});
afterAll(async () => {
  await sandbox?.close();
});

async function setup(leads: number, from = 0): Promise<{ t: Connected; mirrored: Mirrored }> {
  const t = await connectTenant(sandbox);
  return { t, mirrored: await mirrorLeads(t, leadIds.slice(from, from + leads)) };
}

const lead = (id: string) => sandbox.records("Lead").find((r) => r.Id === id)!;

describe("batching", () => {
  it("publishes 450 scores in three collection calls of at most 200 records, each exactly once", async () => {
    const { t, mirrored } = await setup(450);
    await publishScores(t, mirrored.map((m, i) => ({ ...m, score: (i * 7) % 100 })));
    const mark = sandbox.requestLog().length;
    const limiter = testLimiter();

    await drainToQuiet(t.connection.id, limiter);

    const calls = restCalls(sandbox, mark);
    expect(calls.map((c) => `${c.method} ${c.path.replace(/v\d+\.\d/, "vXX")} ${c.status}`)).toEqual(
      Array(3).fill("PATCH /services/data/vXX/composite/sobjects 200"),
    );
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 450 });
    mirrored.forEach((m, i) => expect(lead(m.externalId).Candor_Score__c).toBe((i * 7) % 100));
    expect(await db.score.count({ where: { id: { in: mirrored.map((m) => m.scoreId) }, publishedAt: { not: null } } })).toBe(450);
    expect(await db.auditEvent.count({ where: { tenantId: t.tenant.id, action: "crm.update_fields", outcome: "success" } })).toBe(450);
  });

  it("writes 205 flags as Tasks upserted on Candor_Flag_Id__c in two calls, one Task per flag", async () => {
    const { t, mirrored } = await setup(205);
    const flagIds = await raiseFlags(t, mirrored);
    const mark = sandbox.requestLog().length;

    await drainToQuiet(t.connection.id, testLimiter());

    const calls = restCalls(sandbox, mark);
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.method === "PATCH" && c.path.endsWith("/composite/sobjects/Task/Candor_Flag_Id__c"))).toBe(true);
    const flags = await db.flag.findMany({ where: { id: { in: flagIds } } });
    for (const flag of flags) {
      const tasks = tasksFor(sandbox, flag.id);
      expect(tasks).toHaveLength(1);
      expect(flag).toMatchObject({ syncStatus: "SYNCED", crmTaskId: tasks[0]!.Id });
    }
  });
});

describe("transient faults", () => {
  it.each([
    { status: 500, errorCode: "UNKNOWN_EXCEPTION", message: "An unexpected error occurred" },
    { status: 503, errorCode: "SERVER_UNAVAILABLE", message: "Server unavailable" },
    { status: 400, errorCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record" },
    { status: 502, errorCode: "ERROR_HTTP_502", message: "Bad gateway" },
  ])("retries through $status $errorCode and then delivers every write exactly once", async (fault) => {
    const { t, mirrored } = await setup(3, 0);
    const flagIds = await raiseFlags(t, mirrored);
    await publishScores(t, mirrored.map((m) => ({ ...m, score: 61 })));
    sandbox.failNext(3, fault);

    await drainOnce({ limiter: testLimiter() });
    const afterFaults = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id } });
    expect(afterFaults.every((m) => m.status === "PENDING" && m.lastError?.startsWith(fault.errorCode))).toBe(true);
    expect(afterFaults.every((m) => m.nextAttemptAt > new Date())).toBe(true);

    await drainToQuiet(t.connection.id, testLimiter());
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 6 });
    for (const id of flagIds) expect(tasksFor(sandbox, id)).toHaveLength(1);
    for (const m of mirrored) expect(lead(m.externalId).Candor_Score__c).toBe(61);
    expect(await db.flag.count({ where: { id: { in: flagIds }, syncStatus: "SYNCED" } })).toBe(3);
  });

  it("refreshes an expired access token, persists the new one encrypted, and reuses it", async () => {
    const { t, mirrored } = await setup(2, 10);
    const flagIds = await raiseFlags(t, mirrored);
    sandbox.expireAccessTokens();
    const mark = sandbox.requestLog().length;

    await drainOnce({ limiter: testLimiter() });

    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 2 });
    for (const id of flagIds) expect(tasksFor(sandbox, id)).toHaveLength(1);
    const log = sandbox.requestLog().slice(mark);
    expect(log.filter((e) => e.path === "/services/oauth2/token")).toHaveLength(1);
    expect(log.filter((e) => e.status === 401)).toHaveLength(1);
    // jsforce reports the refresh as an event; the adapter persists it without holding up the call.
    const stored = await vi.waitFor(async () => {
      const row = await db.crmConnection.findUniqueOrThrow({ where: { id: t.connection.id }, omit: { accessTokenEnc: false } });
      expect(decryptSecret(row.accessTokenEnc!)).not.toBe(t.accessToken);
      return row;
    });
    expect(stored.accessTokenEnc).not.toContain(decryptSecret(stored.accessTokenEnc!));

    // The next pass starts from the stored token: no second refresh.
    await raiseFlags(t, mirrored.slice(0, 1).map((m) => ({ ...m })));
    const mark2 = sandbox.requestLog().length;
    await drainOnce({ limiter: testLimiter() });
    expect(sandbox.requestLog().slice(mark2).filter((e) => e.path === "/services/oauth2/token")).toHaveLength(0);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 3 });
  });

  it("treats REQUEST_LIMIT_EXCEEDED as throttling: no attempt spent, connection paused, delivered once the allowance returns", async () => {
    const { t, mirrored } = await setup(3, 20);
    const flagIds = await raiseFlags(t, mirrored);
    await publishScores(t, mirrored.map((m) => ({ ...m, score: 33 })));
    const clock = new VirtualClock();
    const limiter = testLimiter(clock);
    sandbox.setDailyApiLimit(sandbox.apiUsage().used);
    const mark = sandbox.requestLog().length;

    await drainOnce({ limiter });

    // One refused call, then the worker stops calling this connection instead of spending the rest.
    expect(restCalls(sandbox, mark).map((c) => c.status)).toEqual([403]);
    const deferred = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id } });
    expect(deferred.every((m) => m.status === "PENDING" && m.attempts === 0)).toBe(true);
    expect(deferred.every((m) => m.nextAttemptAt.getTime() > Date.now() + 10 * 60_000)).toBe(true);
    expect(limiter.pausedUntil(t.connection.id)).toBeGreaterThan(clock.now() + 10 * 60_000);

    // Made due early, the messages still wait for the paused connection and cost no call.
    await makeDue();
    await drainOnce({ limiter });
    expect(restCalls(sandbox, mark)).toHaveLength(1);

    sandbox.setDailyApiLimit(1_000_000);
    await drainToQuiet(t.connection.id, limiter, clock);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 6 });
    for (const id of flagIds) expect(tasksFor(sandbox, id)).toHaveLength(1);
    const state = await db.crmConnection.findUniqueOrThrow({ where: { id: t.connection.id }, select: { rateLimitState: true } });
    expect(state.rateLimitState).toMatchObject({ limit: 1_000_000 });
  });
});

describe("permanent errors", () => {
  it("kills a write to a deleted record at once: DEAD, flag FAILED, audited, never claimed again", async () => {
    const { t, mirrored } = await setup(3, 30);
    const flagIds = await raiseFlags(t, mirrored);
    await publishScores(t, mirrored.map((m) => ({ ...m, score: 12 })));
    const doomed = mirrored[1]!;
    await connect(sandbox).sobject("Lead").destroy(doomed.externalId);

    await drainToQuiet(t.connection.id, testLimiter());

    const messages = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id } });
    const dead = messages.filter((m) => m.status === "DEAD");
    expect(dead.map((m) => m.recordExternalId)).toEqual([doomed.externalId, doomed.externalId]);
    expect(dead.every((m) => m.attempts === 1 && m.lastError?.startsWith("ENTITY_IS_DELETED"))).toBe(true);
    expect(await db.flag.findUniqueOrThrow({ where: { id: flagIds[1]! } })).toMatchObject({ syncStatus: "FAILED" });
    expect(await db.flag.count({ where: { id: { in: [flagIds[0]!, flagIds[2]!] }, syncStatus: "SYNCED" } })).toBe(2);
    const audits = await db.auditEvent.findMany({ where: { resourceId: { in: dead.map((m) => m.id) }, outcome: "failure" } });
    expect(audits).toHaveLength(2);

    const mark = sandbox.requestLog().length;
    await makeDue();
    expect(await drainOnce({ limiter: testLimiter() })).toBe(0);
    expect(sandbox.requestLog().length).toBe(mark);
  });

  it("isolates one unreadable write that fails a whole collections call; its batch-mates are delivered", async () => {
    const { t, mirrored } = await setup(6, 40);
    const before = lead(mirrored[4]!.externalId).Candor_Score__c;
    await publishScores(t, mirrored.map((m) => ({ ...m, score: 77 })));
    const poison = await db.outboxMessage.findFirstOrThrow({ where: { connectionId: t.connection.id, recordExternalId: mirrored[4]!.externalId } });
    await db.outboxMessage.update({ where: { id: poison.id }, data: { payload: { ...(poison.payload as object), score: "seventy" } } });

    await drainToQuiet(t.connection.id, testLimiter());

    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 5, DEAD: 1 });
    const dead = await db.outboxMessage.findUniqueOrThrow({ where: { id: poison.id } });
    expect(dead).toMatchObject({ status: "DEAD", attempts: 1 });
    mirrored.forEach((m, i) => expect(lead(m.externalId).Candor_Score__c).toBe(i === 4 ? before : 77));
  });

  it("gives up after MAX_ATTEMPTS transient failures, with the flag marked FAILED and an audit row", async () => {
    const { t, mirrored } = await setup(1, 50);
    const [flagId] = await raiseFlags(t, mirrored);
    await db.outboxMessage.updateMany({ where: { connectionId: t.connection.id }, data: { attempts: MAX_ATTEMPTS - 1 } });
    sandbox.failNext(1, { status: 503, errorCode: "SERVER_UNAVAILABLE", message: "down" });

    await drainOnce({ limiter: testLimiter() });

    const m = await db.outboxMessage.findFirstOrThrow({ where: { connectionId: t.connection.id } });
    expect(m).toMatchObject({ status: "DEAD", attempts: MAX_ATTEMPTS });
    expect(await db.flag.findUniqueOrThrow({ where: { id: flagId! } })).toMatchObject({ syncStatus: "FAILED" });
    expect(await db.auditEvent.count({ where: { resourceId: m.id, outcome: "failure", action: "crm.create_task" } })).toBe(1);
    expect(tasksFor(sandbox, flagId!)).toHaveLength(0);
  });
});

describe("ordering of field writes", () => {
  it("never lets an older score land over a newer one, whichever fails first", async () => {
    const { t, mirrored } = await setup(2, 60);
    const [a, b] = mirrored as [Mirrored[number], Mirrored[number]];
    // Both versions in one claim: only the newest is sent.
    await publishScores(t, [{ ...a, score: 10 }]);
    await publishScores(t, [{ ...a, score: 20 }]);
    // The older write fails and waits; the newer one is delivered meanwhile; the retry must yield.
    await publishScores(t, [{ ...b, score: 30 }]);
    sandbox.failNext(1, { status: 503, errorCode: "SERVER_UNAVAILABLE", message: "down" });
    const limiter = testLimiter();
    await drainOnce({ limiter });
    await publishScores(t, [{ ...b, score: 40 }]);
    await drainOnce({ limiter });
    expect(lead(b.externalId).Candor_Score__c).toBe(40);

    await drainToQuiet(t.connection.id, limiter);

    expect(lead(a.externalId).Candor_Score__c).toBe(20);
    expect(lead(b.externalId).Candor_Score__c).toBe(40);
    const messages = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id }, orderBy: { createdAt: "asc" } });
    const skipped = messages.filter((m) => (m.result as { supersededBy?: string } | null)?.supersededBy);
    expect(skipped.map((m) => (m.payload as { score: number }).score).sort()).toEqual([10, 30]);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 4 });
  });

  it("sends only the newest of many writes queued back to back for one record", async () => {
    const { t, mirrored } = await setup(1, 80);
    const [a] = mirrored as [Mirrored[number]];
    await publishScores(t, [1, 2, 3, 4, 5, 6, 7, 8].map((score) => ({ ...a, score })));
    const mark = sandbox.requestLog().length;

    await drainOnce({ limiter: testLimiter() });

    expect(restCalls(sandbox, mark)).toHaveLength(1);
    expect(lead(a.externalId).Candor_Score__c).toBe(8);
    const order = (await db.outboxMessage.findMany({ where: { connectionId: t.connection.id }, orderBy: { createdAt: "asc" } })).map((m) => (m.payload as { score: number }).score);
    expect(order).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 8 });
  });

  it("does not let a write the rate limiter held back land over a newer one sent meanwhile", async () => {
    const { t, mirrored } = await setup(1, 70);
    const [a] = mirrored as [Mirrored[number]];
    const clock = new VirtualClock();
    const limiter = testLimiter(clock, { ratePerSecond: 1, burst: 1 });
    await publishScores(t, [{ ...a, score: 11 }]);
    expect(limiter.reserve(t.connection.id, "SALESFORCE", 0).ok).toBe(true);
    await drainOnce({ limiter, maxWaitMs: 0 });
    const held = await db.outboxMessage.findFirstOrThrow({ where: { connectionId: t.connection.id } });
    expect(held).toMatchObject({ status: "PENDING", attempts: 0 });

    clock.t += 60 * 60_000;
    await publishScores(t, [{ ...a, score: 22 }]);
    await drainOnce({ limiter, maxWaitMs: 0 });
    expect(lead(a.externalId).Candor_Score__c).toBe(22);

    await drainToQuiet(t.connection.id, limiter, clock);
    expect(lead(a.externalId).Candor_Score__c).toBe(22);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: held.id } })).result).toMatchObject({ supersededBy: expect.any(String) });
  });
});
