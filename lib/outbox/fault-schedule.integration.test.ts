import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { adapterFor } from "@/lib/crm/connections";
import { db } from "@/lib/db";
import type { SalesforceSandbox } from "@/sandbox/salesforce";
import {
  connectTenant, drainToQuiet, elapse, mirrorLeads, outboxCounts, publishScores, raiseFlags,
  startLeadSandbox, tasksFor, testBudget,
} from "@/test/support/outbox";
import { claimDue, drainOnce, MAX_ATTEMPTS, sendBatch } from "./worker";

// Eventual exactly-once delivery under random fault schedules: faults the CRM answers with,
// expired tokens, a spent daily allowance, workers dying between the stages, new writes arriving
// midway, and time passing. Whatever the schedule, once the faults stop every flag is one Task,
// every record carries its newest score, and nothing is dead.

const FAULTS = [
  { status: 500, errorCode: "UNKNOWN_EXCEPTION", message: "An unexpected error occurred" },
  { status: 503, errorCode: "SERVER_UNAVAILABLE", message: "Server unavailable" },
  { status: 400, errorCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record" },
];

type Step =
  | { type: "fault"; fault: number }
  | { type: "expireTokens" }
  | { type: "exhaustApiLimit" }
  | { type: "restoreApiLimit" }
  | { type: "drain" }
  | { type: "crashAfterClaim" }
  | { type: "crashAfterSend" }
  | { type: "elapse" }
  | { type: "publish"; lead: number; score: number };

const LEADS = 3;
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ type: fc.constant("fault" as const), fault: fc.integer({ min: 0, max: FAULTS.length - 1 }) }),
  fc.constant({ type: "expireTokens" as const }),
  fc.constant({ type: "exhaustApiLimit" as const }),
  fc.constant({ type: "restoreApiLimit" as const }),
  fc.constant({ type: "drain" as const }),
  fc.constant({ type: "drain" as const }),
  fc.constant({ type: "crashAfterClaim" as const }),
  fc.constant({ type: "crashAfterSend" as const }),
  fc.constant({ type: "elapse" as const }),
  fc.record({ type: fc.constant("publish" as const), lead: fc.integer({ min: 0, max: LEADS - 1 }), score: fc.integer({ min: 0, max: 100 }) }),
);
// Every step costs a message at most one attempt, so a schedule this long can never exhaust
// MAX_ATTEMPTS: a dead message here is a bug, not bad luck.
const MAX_STEPS = MAX_ATTEMPTS - 2;

let sandbox: SalesforceSandbox;
let leadIds: string[];

beforeAll(async () => {
  ({ sandbox, leadIds } = await startLeadSandbox(LEADS));
});
afterAll(async () => {
  await sandbox?.close();
});

async function crash(afterSend: boolean) {
  const claimed = await claimDue(100);
  if (afterSend && claimed.length > 0) {
    const adapter = await adapterFor(claimed[0]!.connectionId);
    // One batch, as a worker would send it, then the process is gone.
    const kind = claimed[0]!.kind;
    await sendBatch(adapter, claimed.filter((m) => m.kind === kind && (kind !== "update_fields" || m.objectType === claimed[0]!.objectType)), "crashing");
  }
}

it("delivers every write exactly once, whatever the fault schedule", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 100 }), { minLength: LEADS, maxLength: LEADS }),
      fc.array(step, { maxLength: MAX_STEPS }),
      async (initialScores, steps) => {
        const t = await connectTenant(sandbox);
        const mirrored = await mirrorLeads(t, leadIds);
        const latest = new Map<string, number>();
        const publish = async (i: number, score: number) => {
          await publishScores(t, [{ ...mirrored[i]!, score }]);
          latest.set(mirrored[i]!.externalId, score);
        };
        for (const [i, score] of initialScores.entries()) await publish(i, score);
        const flagIds = await raiseFlags(t, mirrored);
        const budget = testBudget();

        for (const s of steps) {
          switch (s.type) {
            case "fault": sandbox.failNext(1, FAULTS[s.fault]!); break;
            case "expireTokens": sandbox.expireAccessTokens(); break;
            case "exhaustApiLimit": sandbox.setDailyApiLimit(sandbox.apiUsage().used); break;
            case "restoreApiLimit": sandbox.setDailyApiLimit(1_000_000); break;
            case "drain": await drainOnce({ budget }); break;
            case "crashAfterClaim": await crash(false); break;
            case "crashAfterSend": await crash(true); break;
            case "elapse": await elapse(budget, t.connection.id); break;
            case "publish": await publish(s.lead, s.score); break;
          }
        }

        // The faults stop (queued ones are still served) and time goes on.
        sandbox.setDailyApiLimit(1_000_000);
        await drainToQuiet(t.connection.id, budget);

        expect(await outboxCounts(t.connection.id)).toEqual({ DONE: expect.any(Number) });
        const flags = await db.flag.findMany({ where: { id: { in: flagIds } } });
        for (const flag of flags) {
          const tasks = tasksFor(sandbox, flag.id);
          expect(tasks).toHaveLength(1);
          expect(flag).toMatchObject({ syncStatus: "SYNCED", crmTaskId: tasks[0]!.Id });
        }
        const leads = new Map(sandbox.records("Lead").map((r) => [r.Id as string, r]));
        for (const [externalId, score] of latest) expect(leads.get(externalId)!.Candor_Score__c).toBe(score);
        const done = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id }, select: { id: true } });
        const audited = await db.auditEvent.groupBy({ by: ["resourceId"], where: { resourceId: { in: done.map((m) => m.id) } }, _count: true });
        expect(audited.length).toBe(done.length);
        expect(audited.every((a) => a._count === 1)).toBe(true);
      },
    ),
    { numRuns: 25 },
  );
});
