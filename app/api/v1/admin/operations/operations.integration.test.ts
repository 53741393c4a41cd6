import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import {
  connectTenant, mirrorLeads, raiseFlags, startLeadSandbox, tasksFor, testBudget, type Connected, type Mirrored,
} from "@/test/support/outbox";
import { ConnectionsResponse, DeadLettersResponse, DiscardResponse, JobsResponse } from "@/lib/operations/schema";
import { drainOnce } from "@/lib/outbox/worker";
import { call, makeUser, tokenFor } from "@/test/support/fixtures";
import type { SalesforceSandbox } from "@/sandbox/salesforce";
import { connect } from "@/test/support/salesforce-sandbox";
import { GET as connections } from "./connections/route";
import { POST as discard } from "./dead-letters/[id]/discard/route";
import { POST as replay } from "./dead-letters/replay/route";
import { GET as deadLetters } from "./dead-letters/route";
import { GET as jobs } from "./jobs/route";

// The operations API: a write the CRM refuses for good (the integration user lost edit access to
// a field) becomes a dead letter with the CRM's own error; after the fix an admin replays it and
// it lands once; one that cannot be fixed is discarded with a reason. Every action is audited, and
// only admins may act.

let sandbox: SalesforceSandbox;
let leadIds: string[];
let t: Connected;
let mirrored: Mirrored;
let admin: string;
let rep: string;

beforeAll(async () => {
  ({ sandbox, leadIds } = await startLeadSandbox(5));
  t = await connectTenant(sandbox);
  mirrored = await mirrorLeads(t, leadIds);
  admin = await tokenFor(await makeUser(t.tenant.id, "ADMIN", null));
  rep = await tokenFor(t.rep);
});
afterAll(async () => {
  await sandbox?.close();
});

async function deadFlags(count: number) {
  sandbox.setFieldAccess("Task", "Candor_Flag_Id__c", false);
  const flagIds = await raiseFlags(t, mirrored.splice(0, count));
  await drainOnce({ budget: testBudget() });
  sandbox.setFieldAccess("Task", "Candor_Flag_Id__c", true);
  return flagIds;
}

describe("dead letters", () => {
  it("lists a write the CRM refused for good with the CRM's own error; a rep may not see it", async () => {
    const [flagId] = await deadFlags(1);
    const res = await call(deadLetters)("/x", { token: admin });
    expect(res.status).toBe(200);
    // Every answer has the shape its route declares (RouteMeta.response).
    expect(DeadLettersResponse.safeParse(res.json).error).toBeUndefined();
    expect(res.json.items).toHaveLength(1);
    expect(res.json.items[0]).toMatchObject({
      kind: "create_task", summary: "Candor score flagged: Score is too low", attempts: 1, errorCode: "INVALID_FIELD_FOR_INSERT_UPDATE",
      error: expect.stringContaining("Unable to create/update fields: Candor_Flag_Id__c"),
    });
    expect(await db.flag.findUniqueOrThrow({ where: { id: flagId! } })).toMatchObject({ syncStatus: "FAILED" });
    expect((await call(deadLetters)("/x", { token: rep })).status).toBe(403);
  });

  it("replays one after the fix: it is delivered once, the flag is synced, and the replay is audited", async () => {
    const { items } = (await call(deadLetters)("/x", { token: admin })).json;
    const res = await call(replay)("/x", { method: "POST", token: admin, body: { ids: [items[0].id] } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ replayed: 1 });
    const flag = await db.flag.findFirstOrThrow({ where: { tenantId: t.tenant.id } });
    expect(flag.syncStatus).toBe("PENDING");

    await drainOnce({ budget: testBudget() });

    expect(tasksFor(sandbox, flag.id)).toHaveLength(1);
    expect(await db.flag.findUniqueOrThrow({ where: { id: flag.id } })).toMatchObject({ syncStatus: "SYNCED" });
    expect((await call(deadLetters)("/x", { token: admin })).json.items).toEqual([]);
    const audits = await db.auditEvent.findMany({ where: { resourceId: items[0].id, action: "outbox.replay" }, orderBy: { id: "asc" } });
    expect(audits.map((a) => a.actorType)).toEqual(["user", "user"]);
  });

  it("replays every dead letter of a connection at once", async () => {
    const flagIds = await deadFlags(2);
    const res = await call(replay)("/x", { method: "POST", token: admin, body: { connectionId: t.connection.id, all: true } });
    expect(res.json).toEqual({ replayed: 2 });
    await drainOnce({ budget: testBudget() });
    for (const id of flagIds) expect(tasksFor(sandbox, id)).toHaveLength(1);
  });

  it("settles a replay whose record was deleted in the CRM, saying so", async () => {
    await deadFlags(1);
    const { items } = (await call(deadLetters)("/x", { token: admin })).json;
    await connect(sandbox).sobject("Lead").destroy(items[0].recordExternalId);
    await call(replay)("/x", { method: "POST", token: admin, body: { ids: [items[0].id] } });

    await drainOnce({ budget: testBudget() });

    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: items[0].id } })).toMatchObject({
      status: "DISCARDED", discardReason: "The record no longer exists in the CRM (ENTITY_IS_DELETED).",
    });
  });

  it("discards one with a reason, audited; no reason or no such dead letter is refused", async () => {
    await deadFlags(1);
    const { items } = (await call(deadLetters)("/x", { token: admin })).json;
    const post = (id: string, body: unknown) => call(discard)("/x", { method: "POST", token: admin, params: { id }, body });
    expect((await post(items[0].id, { reason: "" })).status).toBe(422);
    const res = await post(items[0].id, { reason: "Lead merged; the rep re-flagged the survivor." });
    expect(res.status).toBe(200);
    expect(DiscardResponse.safeParse(res.json).error).toBeUndefined();
    expect(await db.outboxMessage.findUniqueOrThrow({ where: { id: items[0].id } })).toMatchObject({
      status: "DISCARDED", discardReason: "Lead merged; the rep re-flagged the survivor.",
    });
    expect(await db.auditEvent.count({ where: { resourceId: items[0].id, action: "outbox.discard", details: { path: ["reason"], equals: "Lead merged; the rep re-flagged the survivor." } } })).toBe(2);
    expect((await post(items[0].id, { reason: "again" })).status).toBe(404);
    expect((await call(discard)("/x", { method: "POST", token: rep, params: { id: items[0].id }, body: { reason: "nope" } })).status).toBe(403);
  });
});

describe("queues and jobs", () => {
  it("shows each connection's queue now and per minute", async () => {
    const res = await call(connections)("/x?minutes=30", { token: admin });
    expect(res.status).toBe(200);
    expect(ConnectionsResponse.safeParse(res.json).error).toBeUndefined();
    const [c] = res.json.connections;
    expect(c).toMatchObject({ id: t.connection.id, provider: "SALESFORCE", depth: 0, dead: 0, breaker: { state: "closed" }, pausedUntil: null });
    expect(c.series).toHaveLength(30);
    const totals = c.series.reduce((s: { delivered: number; dead: number }, p: { delivered: number; dead: number }) => ({ delivered: s.delivered + p.delivered, dead: s.dead + p.dead }), { delivered: 0, dead: 0 });
    // Four flags delivered (three replayed, one settled as gone), five dead on the way.
    expect(totals).toEqual({ delivered: 3, dead: 6 });
    expect((await call(connections)("/x?minutes=5", { token: admin })).status).toBe(422);
  });

  it("lists active and recent jobs, and the live workers", async () => {
    const res = await call(jobs)("/x", { token: admin });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ active: [], recent: [], workers: [] });
    expect(JobsResponse.safeParse(res.json).error).toBeUndefined();
  });
});
