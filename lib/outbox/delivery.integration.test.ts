import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { decryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import type { SalesforceSandbox } from "@/sandbox/salesforce";
import { connect } from "@/test/support/salesforce-sandbox";
import {
  connectTenant, drainToQuiet, elapse, makeDue, mirrorLeads, outboxCounts, publishScores, raiseFlags, restCalls,
  startLeadSandbox, tasksFor, testBudget, type Connected, type Mirrored,
} from "@/test/support/outbox";
import { claimDue, drainOnce, MAX_ATTEMPTS, settle } from "./worker";

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
    const budget = testBudget();

    await drainToQuiet(t.connection.id, budget);

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

    await drainToQuiet(t.connection.id, testBudget());

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

    await drainOnce({ budget: testBudget() });
    const afterFaults = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id } });
    expect(afterFaults.every((m) => m.status === "PENDING" && m.lastErrorCode === fault.errorCode && m.lastError === fault.message)).toBe(true);
    expect(afterFaults.every((m) => m.nextAttemptAt > new Date())).toBe(true);

    await drainToQuiet(t.connection.id, testBudget());
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

    await drainOnce({ budget: testBudget() });

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
    await drainOnce({ budget: testBudget() });
    expect(sandbox.requestLog().slice(mark2).filter((e) => e.path === "/services/oauth2/token")).toHaveLength(0);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 3 });
  });

  it("treats REQUEST_LIMIT_EXCEEDED as throttling: no attempt spent, connection paused for every worker, delivered once the allowance returns", async () => {
    const { t, mirrored } = await setup(3, 20);
    const flagIds = await raiseFlags(t, mirrored);
    await publishScores(t, mirrored.map((m) => ({ ...m, score: 33 })));
    const budget = testBudget();
    sandbox.setDailyApiLimit(sandbox.apiUsage().used);
    const mark = sandbox.requestLog().length;

    await drainOnce({ budget });

    // One refused call, then the worker stops calling this connection instead of spending the rest.
    expect(restCalls(sandbox, mark).map((c) => c.status)).toEqual([403]);
    const deferred = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id } });
    expect(deferred.every((m) => m.status === "PENDING" && m.attempts === 0)).toBe(true);
    expect(deferred.every((m) => m.nextAttemptAt.getTime() > Date.now() + 10 * 60_000)).toBe(true);
    expect(await budget.pausedUntil(t.connection.id)).toBeGreaterThan(Date.now() + 10 * 60_000);

    // Made due early, the messages still wait for the paused connection and cost no call.
    await makeDue();
    await drainOnce({ budget });
    expect(restCalls(sandbox, mark)).toHaveLength(1);
    // Throttling is not a failing CRM: the breaker stays closed.
    expect(await db.outboxBreaker.findUnique({ where: { connectionId: t.connection.id } })).toBeNull();

    sandbox.setDailyApiLimit(1_000_000);
    await drainToQuiet(t.connection.id, budget);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 6 });
    for (const id of flagIds) expect(tasksFor(sandbox, id)).toHaveLength(1);
  });
});

describe("permanent errors", () => {
  it("settles a write to a record deleted in the CRM at once: discarded with the reason, flag FAILED, audited, never claimed again", async () => {
    const { t, mirrored } = await setup(3, 30);
    const flagIds = await raiseFlags(t, mirrored);
    await publishScores(t, mirrored.map((m) => ({ ...m, score: 12 })));
    const doomed = mirrored[1]!;
    await connect(sandbox).sobject("Lead").destroy(doomed.externalId);

    await drainToQuiet(t.connection.id, testBudget());

    const messages = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id } });
    const gone = messages.filter((m) => m.status === "DISCARDED");
    expect(gone.map((m) => m.recordExternalId)).toEqual([doomed.externalId, doomed.externalId]);
    for (const m of gone) {
      expect(m).toMatchObject({ attempts: 1, lastErrorCode: "ENTITY_IS_DELETED", discardReason: "The record no longer exists in the CRM (ENTITY_IS_DELETED)." });
    }
    expect(await db.flag.findUniqueOrThrow({ where: { id: flagIds[1]! } })).toMatchObject({ syncStatus: "FAILED" });
    expect(await db.flag.count({ where: { id: { in: [flagIds[0]!, flagIds[2]!] }, syncStatus: "SYNCED" } })).toBe(2);
    const audits = await db.auditEvent.findMany({ where: { resourceId: { in: gone.map((m) => m.id) }, outcome: "failure" } });
    expect(audits.map((a) => a.details)).toEqual([
      { code: "ENTITY_IS_DELETED", attempts: 1, gone: true }, { code: "ENTITY_IS_DELETED", attempts: 1, gone: true },
    ]);

    const mark = sandbox.requestLog().length;
    await makeDue();
    expect(await drainOnce({ budget: testBudget() })).toBe(0);
    expect(sandbox.requestLog().length).toBe(mark);
  });

  it("never sends a payload that does not fit its kind: kept as a dead letter with the reasons; its batch-mates are delivered", async () => {
    const { t, mirrored } = await setup(6, 40);
    const before = lead(mirrored[4]!.externalId).Candor_Score__c;
    await publishScores(t, mirrored.map((m) => ({ ...m, score: 77 })));
    const poison = await db.outboxMessage.findFirstOrThrow({ where: { connectionId: t.connection.id, recordExternalId: mirrored[4]!.externalId } });
    await db.outboxMessage.update({ where: { id: poison.id }, data: { payload: { ...(poison.payload as object), score: "seventy" } } });
    const mark = sandbox.requestLog().length;

    await drainToQuiet(t.connection.id, testBudget());

    expect(restCalls(sandbox, mark)).toHaveLength(1);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 5, DEAD: 1 });
    const dead = await db.outboxMessage.findUniqueOrThrow({ where: { id: poison.id } });
    expect(dead).toMatchObject({ status: "DEAD", attempts: 1, lastErrorCode: "INVALID_PAYLOAD", payload: { score: "seventy" } });
    expect(dead.lastError).toContain("score:");
    mirrored.forEach((m, i) => expect(lead(m.externalId).Candor_Score__c).toBe(i === 4 ? before : 77));
  });

  it("isolates by halving when the CRM refuses a whole call: one bad answer does not kill its batch-mates", async () => {
    const { t, mirrored } = await setup(6, 90);
    await publishScores(t, mirrored.map((m) => ({ ...m, score: 55 })));
    sandbox.failNext(1, { status: 400, errorCode: "JSON_PARSER_ERROR", message: "Cannot deserialize the request" });
    const mark = sandbox.requestLog().length;

    await drainOnce({ budget: testBudget() });

    expect(restCalls(sandbox, mark).map((c) => c.status)).toEqual([400, 200, 200]);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 6 });
    for (const m of mirrored) expect(lead(m.externalId).Candor_Score__c).toBe(55);
  });

  it("gives up after MAX_ATTEMPTS transient failures, with the flag marked FAILED and an audit row", async () => {
    const { t, mirrored } = await setup(1, 50);
    const [flagId] = await raiseFlags(t, mirrored);
    await db.outboxMessage.updateMany({ where: { connectionId: t.connection.id }, data: { attempts: MAX_ATTEMPTS - 1 } });
    sandbox.failNext(1, { status: 503, errorCode: "SERVER_UNAVAILABLE", message: "down" });

    await drainOnce({ budget: testBudget() });

    const m = await db.outboxMessage.findFirstOrThrow({ where: { connectionId: t.connection.id } });
    expect(m).toMatchObject({ status: "DEAD", attempts: MAX_ATTEMPTS, lastErrorCode: "SERVER_UNAVAILABLE", lastError: "down" });
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
    const budget = testBudget();
    await drainOnce({ budget });
    await publishScores(t, [{ ...b, score: 40 }]);
    await drainOnce({ budget });
    expect(lead(b.externalId).Candor_Score__c).toBe(40);

    await drainToQuiet(t.connection.id, budget);

    expect(lead(a.externalId).Candor_Score__c).toBe(20);
    expect(lead(b.externalId).Candor_Score__c).toBe(40);
    const messages = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id }, orderBy: { seq: "asc" } });
    const skipped = messages.filter((m) => (m.result as { supersededBy?: string } | null)?.supersededBy);
    expect(skipped.map((m) => (m.payload as { score: number }).score).sort()).toEqual([10, 30]);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 4 });
  });

  it("sends only the newest of many writes queued back to back for one record", async () => {
    const { t, mirrored } = await setup(1, 80);
    const [a] = mirrored as [Mirrored[number]];
    await publishScores(t, [1, 2, 3, 4, 5, 6, 7, 8].map((score) => ({ ...a, score })));
    const mark = sandbox.requestLog().length;

    await drainOnce({ budget: testBudget() });

    expect(restCalls(sandbox, mark)).toHaveLength(1);
    expect(lead(a.externalId).Candor_Score__c).toBe(8);
    const order = (await db.outboxMessage.findMany({ where: { connectionId: t.connection.id }, orderBy: { seq: "asc" } })).map((m) => (m.payload as { score: number }).score);
    expect(order).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 8 });
  });

  it("does not let a write the rate limiter held back land over a newer one sent meanwhile", async () => {
    const { t, mirrored } = await setup(1, 70);
    const [a] = mirrored as [Mirrored[number]];
    // One call an hour: the test spends it, so the first write is held back.
    const thisHour = testBudget({ SALESFORCE: { points: 1, duration: 3600 } });
    await publishScores(t, [{ ...a, score: 11 }]);
    expect((await thisHour.acquire(t.connection.id, "SALESFORCE", 0)).ok).toBe(true);
    await drainOnce({ budget: thisHour, maxWaitMs: 0 });
    const held = await db.outboxMessage.findFirstOrThrow({ where: { connectionId: t.connection.id } });
    expect(held).toMatchObject({ status: "PENDING", attempts: 0 });

    // The next hour: a newer write arrives and goes out while the held one still waits.
    const nextHour = testBudget();
    await publishScores(t, [{ ...a, score: 22 }]);
    await drainOnce({ budget: nextHour, maxWaitMs: 0 });
    expect(lead(a.externalId).Candor_Score__c).toBe(22);

    await drainToQuiet(t.connection.id, nextHour);
    expect(lead(a.externalId).Candor_Score__c).toBe(22);
    expect((await db.outboxMessage.findUniqueOrThrow({ where: { id: held.id } })).result).toMatchObject({ supersededBy: expect.any(String) });
  });

  it("holds newer writes for a record while another worker's claim on it is alive, then sends only the newest", async () => {
    const { t, mirrored } = await setup(1, 100);
    const [a] = mirrored as [Mirrored[number]];
    await publishScores(t, [{ ...a, score: 1 }]);
    const [inHand] = await claimDue(100);
    await publishScores(t, [{ ...a, score: 2 }]);
    await publishScores(t, [{ ...a, score: 3 }]);

    // Another worker: the record is busy, so neither newer write is claimed.
    expect(await claimDue(100)).toEqual([]);

    // The first worker stops; once its lease is gone the newest write wins and the rest yield.
    await elapse(testBudget(), t.connection.id);
    await drainOnce({ budget: testBudget() });
    expect(lead(a.externalId).Candor_Score__c).toBe(3);
    expect(await outboxCounts(t.connection.id)).toEqual({ DONE: 3 });
    expect(await settle(inHand!, { type: "delivered", externalId: a.externalId })).toBe(false);
  });
});
