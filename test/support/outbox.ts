import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { createFlag } from "@/lib/flags/service";
import type { Prisma } from "@/lib/generated/prisma/client";
import { makeTenant, makeUser, principalOf } from "@/test/support/fixtures";
import type { SalesforceSandbox } from "@/sandbox/salesforce";
import { CONSUMER_KEY, CONSUMER_SECRET, REP, startSandbox } from "@/test/support/salesforce-sandbox";
import { enqueue } from "@/lib/outbox";
import { ConnectionRateLimiter, type RateLimitConfig } from "@/lib/outbox/rate-limit";
import { drainOnce } from "@/lib/outbox/worker";

// Fixtures for the outbox suites: the Salesforce stand-in seeded with leads, a Candor tenant whose
// connection points at it with real (encrypted) tokens the stand-in issued, and producers that go
// through the same code paths the product uses (createFlag, enqueue).

export async function startLeadSandbox(leads: number): Promise<{ sandbox: SalesforceSandbox; leadIds: string[] }> {
  const sandbox = await startSandbox({
    records: { Lead: Array.from({ length: leads }, (_, i) => ({ FirstName: "Lead", LastName: `No ${i}`, Company: `Co ${i}` })) },
  });
  return { sandbox, leadIds: sandbox.records("Lead").map((r) => r.Id as string) };
}

export async function connectTenant(sandbox: SalesforceSandbox) {
  const { accessToken, refreshToken } = sandbox.issueTokens(REP.Id);
  const { tenant, connection } = await makeTenant({ instanceUrl: sandbox.url, consumerSecret: CONSUMER_SECRET, accessToken, refreshToken });
  await db.crmConnection.update({ where: { id: connection.id }, data: { clientId: CONSUMER_KEY } });
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA", "Rita Rep");
  const model = await db.modelVersion.create({
    data: {
      tenantId: tenant.id, version: "outbox-1", algorithm: "logistic", status: "ACTIVE", objectType: "Lead",
      target: "converted", windowDays: 90, features: [], params: {}, metrics: {},
      trainingFrom: new Date("2026-01-01"), trainingTo: new Date("2026-06-01"), trainedBy: "test",
    },
  });
  return { tenant, connection, rep, model, accessToken };
}
export type Connected = Awaited<ReturnType<typeof connectTenant>>;

// Candor's copies of sandbox leads, each with one current score.
export async function mirrorLeads(t: Connected, leadIds: string[]) {
  const records = await db.crmRecord.createManyAndReturn({
    data: leadIds.map((externalId, i) => ({
      tenantId: t.tenant.id, provider: "SALESFORCE" as const, objectType: "Lead", externalId, name: `Lead ${i}`,
      ownerUserId: t.rep.id, region: "EMEA", fields: {}, crmCreatedAt: new Date(), crmUpdatedAt: new Date(), lastSyncedAt: new Date(),
    })),
    select: { id: true, externalId: true },
  });
  const scores = await db.score.createManyAndReturn({
    data: records.map((r, i) => ({
      tenantId: t.tenant.id, recordId: r.id, modelVersionId: t.model.id, value: i % 100, band: "B", probability: 0.5, baseValue: 0, inputSnapshot: {},
    })),
    select: { id: true, recordId: true, value: true },
  });
  const byRecord = new Map(scores.map((s) => [s.recordId, s]));
  return records.map((r) => ({ recordId: r.id, externalId: r.externalId, scoreId: byRecord.get(r.id)!.id }));
}
export type Mirrored = Awaited<ReturnType<typeof mirrorLeads>>;

export const fieldPayload = (score: number, band = "B") => ({
  score, band, topReasons: `+${score} Visited the pricing page`, modelVersion: "outbox-1", scoredAt: new Date().toISOString(),
});

// What the scoring service enqueues when it publishes a score (lib/scoring/service.ts).
export async function publishScores(t: Connected, items: Array<{ externalId: string; scoreId: string; score: number; band?: string; objectType?: string }>) {
  await db.$transaction(async (tx) => {
    for (const it of items) {
      await enqueue(tx, {
        tenantId: t.tenant.id, connectionId: t.connection.id, kind: "update_fields", objectType: it.objectType ?? "Lead",
        recordExternalId: it.externalId, payload: fieldPayload(it.score, it.band) as Prisma.InputJsonValue,
        idempotencyKey: `score:${it.scoreId}:${randomUUID()}`, source: { type: "score", id: it.scoreId },
      });
    }
    // Hundreds of rows in one transaction: on a machine busy with other work, Prisma's default 5 s
    // is not enough to set up the test.
  }, { timeout: 60_000 });
}

// Flags through the real service, one transaction each as the route does: flag + outbox row.
export async function raiseFlags(t: Connected, targets: Mirrored): Promise<string[]> {
  const principal = await principalOf(t.rep);
  const scores = await db.score.createManyAndReturn({
    data: targets.map((target) => ({
      tenantId: t.tenant.id, recordId: target.recordId, modelVersionId: t.model.id, value: 40, band: "C", probability: 0.4, baseValue: 0, inputSnapshot: {},
    })),
    select: { id: true, recordId: true },
  });
  const ids: string[] = [];
  // In the targets' order, whatever order the rows came back in.
  for (const target of targets) {
    const score = scores.splice(scores.findIndex((s) => s.recordId === target.recordId), 1)[0]!;
    const { flag } = await db.$transaction((tx) =>
      createFlag(tx, principal, { scoreId: score.id, kind: "TOO_LOW", comment: "Signed last week", idempotencyKey: randomUUID().replace(/-/g, "") }),
    );
    ids.push(flag.id);
  }
  return ids;
}

export const tasksFor = (sandbox: SalesforceSandbox, flagId: string) =>
  sandbox.records("Task").filter((task) => task.Candor_Flag_Id__c === `flag:${flagId}`);

// Time passes for the outbox: every back-off is over.
export async function makeDue() {
  await db.$executeRaw`UPDATE outbox_messages SET next_attempt_at = now() - interval '1 second' WHERE status = 'PENDING'`;
}

// Time passes for the leases: whoever held a claim is presumed dead.
export async function expireLeases() {
  await db.$executeRaw`UPDATE outbox_messages SET locked_until = now() - interval '1 second' WHERE status = 'IN_FLIGHT'`;
}

// A limiter on a clock the test moves, so pauses of minutes cost nothing.
export class VirtualClock {
  t = Date.now();
  readonly now = () => this.t;
  readonly sleep = async (ms: number) => {
    this.t += ms;
  };
}

export function testLimiter(clock = new VirtualClock(), limit: RateLimitConfig = { ratePerSecond: 1000, burst: 1000 }) {
  return new ConnectionRateLimiter({ limits: { SALESFORCE: limit, HUBSPOT: limit }, now: clock.now, sleep: clock.sleep });
}

export async function outboxCounts(connectionId: string) {
  const rows = await db.outboxMessage.groupBy({ by: ["status"], where: { connectionId }, _count: true });
  return Object.fromEntries(rows.map((r) => [r.status, r._count])) as Partial<Record<"PENDING" | "IN_FLIGHT" | "DONE" | "DEAD", number>>;
}

// Drains as the worker would over time (back-offs elapsed between passes) until nothing is left.
export async function drainToQuiet(connectionId: string, limiter: ConnectionRateLimiter, clock?: VirtualClock, rounds = 30) {
  for (let i = 0; i < rounds; i++) {
    const c = await outboxCounts(connectionId);
    if (!c.PENDING && !c.IN_FLIGHT) return i;
    if (clock) clock.t += 60 * 60_000;
    await makeDue();
    await expireLeases();
    await drainOnce({ limiter });
  }
  throw new Error(`outbox not quiet after ${rounds} passes: ${JSON.stringify(await outboxCounts(connectionId))}`);
}

// Calls that reached the stand-in's REST API (OAuth and pages excluded).
export const restCalls = (sandbox: SalesforceSandbox, from = 0) =>
  sandbox.requestLog().slice(from).filter((e) => e.path.startsWith("/services/data/"));
