import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { SalesforceSandbox } from "@/sandbox/salesforce";
import { sampleGauges } from "./metrics";
import { purgeSettled } from "./retention";
import { connectTenant, drainToQuiet, mirrorLeads, publishScores, startLeadSandbox, testBudget } from "@/test/support/outbox";
import { drainOnce } from "./worker";

// The operations page's series and the retention that bounds the table.

let sandbox: SalesforceSandbox;
let leadIds: string[];

beforeAll(async () => {
  ({ sandbox, leadIds } = await startLeadSandbox(4));
});
afterAll(async () => {
  await sandbox?.close();
});

it("counts calls, deliveries and failures per connection and minute, and samples depth, lag and the breaker", async () => {
  const t = await connectTenant(sandbox);
  const mirrored = await mirrorLeads(t, leadIds);
  await publishScores(t, mirrored.slice(0, 3).map((m) => ({ ...m, score: 40 })));
  sandbox.failNext(1, { status: 503, errorCode: "SERVER_UNAVAILABLE", message: "down" });
  const budget = testBudget();
  await drainOnce({ budget });
  await drainToQuiet(t.connection.id, budget);
  // One write waits: the gauges see it.
  await publishScores(t, [{ ...mirrored[3]!, score: 41 }]);
  await db.$executeRaw`UPDATE outbox_messages SET created_at = now() - interval '90 seconds' WHERE connection_id = ${t.connection.id}::uuid AND status = 'PENDING'`;

  await sampleGauges();

  const rows = await db.outboxMetric.findMany({ where: { connectionId: t.connection.id } });
  const sum = (k: "delivered" | "failed" | "dead" | "calls" | "throttled") => rows.reduce((n, r) => n + r[k], 0);
  expect({ delivered: sum("delivered"), failed: sum("failed"), dead: sum("dead"), calls: sum("calls"), throttled: sum("throttled") })
    .toEqual({ delivered: 3, failed: 3, dead: 0, calls: 2, throttled: 0 });
  const sampled = rows.find((r) => r.depth !== null)!;
  expect(sampled).toMatchObject({ depth: 1, breaker: "closed", tenantId: t.tenant.id });
  expect(sampled.lagSeconds).toBeGreaterThanOrEqual(90);
});

it("purges settled rows past retention, keeps dead letters and recent rows", async () => {
  const t = await connectTenant(sandbox);
  const mirrored = await mirrorLeads(t, leadIds.slice(0, 3));
  await publishScores(t, mirrored.map((m) => ({ ...m, score: 50 })));
  await drainToQuiet(t.connection.id, testBudget());
  const [old, dead] = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id }, orderBy: { seq: "asc" } });
  await db.outboxMessage.update({ where: { id: old!.id }, data: { completedAt: new Date(Date.now() - 400 * 86_400_000) } });
  await db.outboxMessage.update({ where: { id: dead!.id }, data: { status: "DEAD", completedAt: null } });
  await db.outboxMetric.create({ data: { connectionId: t.connection.id, tenantId: t.tenant.id, minute: new Date(Date.now() - 90 * 86_400_000) } });

  const purged = await purgeSettled();

  expect(purged.outbox).toBe(1);
  expect(purged.metrics).toBe(1);
  const left = await db.outboxMessage.findMany({ where: { connectionId: t.connection.id }, select: { id: true, status: true } });
  expect(left).toHaveLength(2);
  expect(left.map((m) => m.id)).not.toContain(old!.id);
  expect(left.find((m) => m.id === dead!.id)!.status).toBe("DEAD");
});
