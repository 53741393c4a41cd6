import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { connectTenant, drainToQuiet, mirrorLeads, raiseFlags, startLeadSandbox, tasksFor, testBudget, type Connected } from "@/test/support/outbox";
import { call, makeUser, tokenFor } from "@/test/support/fixtures";
import type { SalesforceSandbox } from "@/sandbox/salesforce";
import { POST as resolveRoute } from "./[id]/resolve/route";
import { PATCH as editRoute } from "./[id]/route";
import { POST as withdrawRoute } from "./[id]/withdraw/route";

// A rep changes their mind: edits or withdraws their own open flag. The one Salesforce Task the
// flag created follows each change through the outbox (same Task, newest words), only the newest
// revision's delivery marks the flag synced, and every change is audited.

const edit = call(editRoute);
const withdraw = call(withdrawRoute);

let sandbox: SalesforceSandbox;
let leadIds: string[];
let t: Connected;
let token: string;
let next = 0;

beforeAll(async () => {
  ({ sandbox, leadIds } = await startLeadSandbox(8));
  t = await connectTenant(sandbox);
  token = await tokenFor(t.rep);
});
afterAll(async () => {
  await sandbox?.close();
});

// A flag raised by the rep and already delivered as a Task.
async function deliveredFlag(): Promise<string> {
  const mirrored = await mirrorLeads(t, [leadIds[next++]!]);
  const [flagId] = await raiseFlags(t, mirrored);
  await drainToQuiet(t.connection.id, testBudget());
  expect(tasksFor(sandbox, flagId!)).toHaveLength(1);
  return flagId!;
}

const flagRow = (id: string) => db.flag.findUniqueOrThrow({ where: { id } });

describe("editing one's own open flag", () => {
  it("rewrites the same CRM task and marks the flag synced once the new words are there", async () => {
    const id = await deliveredFlag();
    const res = await edit(`/api/v1/flags/${id}`, { method: "PATCH", token, params: { id }, body: { kind: "BAD_DATA", comment: "Title is out of date", revision: 1 } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, kind: "BAD_DATA", comment: "Title is out of date", status: "OPEN", syncStatus: "PENDING", revision: 2 });
    expect(await db.auditEvent.count({ where: { action: "flag.edit", resourceId: id, outcome: "success" } })).toBe(1);

    await drainToQuiet(t.connection.id, testBudget());
    const [task, ...others] = tasksFor(sandbox, id);
    expect(others).toEqual([]);
    expect(task).toMatchObject({ Subject: "Candor score flagged: Data is stale or wrong", Status: "Not Started" });
    expect(task!.Description).toContain("Comment: Title is out of date");
    expect(await flagRow(id)).toMatchObject({ syncStatus: "SYNCED", revision: 2 });
  });

  it("sends only the newest of several quick edits, and the flag is synced at that revision", async () => {
    const id = await deliveredFlag();
    expect((await edit("/x", { method: "PATCH", token, params: { id }, body: { kind: "TOO_HIGH", comment: "First thought", revision: 1 } })).status).toBe(200);
    expect((await edit("/x", { method: "PATCH", token, params: { id }, body: { kind: "TOO_LOW", comment: "Second thought", revision: 2 } })).status).toBe(200);

    await drainToQuiet(t.connection.id, testBudget());
    const messages = await db.outboxMessage.findMany({ where: { sourceId: id }, orderBy: { createdAt: "asc" }, select: { idempotencyKey: true, result: true } });
    expect(messages.map((m) => m.idempotencyKey)).toEqual([`flag:${id}`, `flag:${id}:r2`, `flag:${id}:r3`]);
    expect(messages[1]!.result).toEqual({ supersededBy: expect.any(String) });
    const tasks = tasksFor(sandbox, id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.Description).toContain("Comment: Second thought");
    expect(await flagRow(id)).toMatchObject({ kind: "TOO_LOW", syncStatus: "SYNCED", revision: 3 });
  });

  it("refuses a change based on an older revision (409) and writes nothing", async () => {
    const id = await deliveredFlag();
    expect((await edit("/x", { method: "PATCH", token, params: { id }, body: { kind: "TOO_HIGH", revision: 1 } })).status).toBe(200);
    const before = await db.outboxMessage.count({ where: { sourceId: id } });
    const stale = await edit("/x", { method: "PATCH", token, params: { id }, body: { kind: "WRONG_REASONS", revision: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.json.detail).toMatch(/changed since you opened it/);
    expect(await db.outboxMessage.count({ where: { sourceId: id } })).toBe(before);
    expect(await flagRow(id)).toMatchObject({ kind: "TOO_HIGH", revision: 2 });
  });

  it("answers 404 for a colleague's flag, the same as for one that does not exist", async () => {
    const id = await deliveredFlag();
    const colleague = await makeUser(t.tenant.id, "SALES_REP", "EMEA", "Colleague");
    const res = await edit("/x", { method: "PATCH", token: await tokenFor(colleague), params: { id }, body: { kind: "TOO_HIGH", revision: 1 } });
    const missing = await edit("/x", { method: "PATCH", token, params: { id: "00000000-0000-4000-8000-00000000abcd" }, body: { kind: "TOO_HIGH", revision: 1 } });
    expect(res.status).toBe(404);
    expect(res.json.detail).toBe(missing.json.detail);
    expect(await flagRow(id)).toMatchObject({ kind: "TOO_LOW", revision: 1 });
  });

  it("refuses to change a flag that was already reviewed", async () => {
    const id = await deliveredFlag();
    await db.flag.update({ where: { id }, data: { status: "REJECTED", resolution: "Matches the CRM", resolvedAt: new Date() } });
    const res = await edit("/x", { method: "PATCH", token, params: { id }, body: { kind: "TOO_HIGH", revision: 1 } });
    expect(res.status).toBe(409);
    expect(res.json.detail).toMatch(/already reviewed/);
    expect((await withdraw("/x", { method: "POST", token, params: { id }, body: { revision: 1 } })).status).toBe(409);
  });
});

describe("withdrawing one's own open flag", () => {
  it("takes it out of review and closes the CRM task", async () => {
    const id = await deliveredFlag();
    const res = await withdraw(`/api/v1/flags/${id}/withdraw`, { method: "POST", token, params: { id }, body: { revision: 1 } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, status: "WITHDRAWN", syncStatus: "PENDING", revision: 2 });
    expect(await db.auditEvent.count({ where: { action: "flag.withdraw", resourceId: id, outcome: "success" } })).toBe(1);

    await drainToQuiet(t.connection.id, testBudget());
    const tasks = tasksFor(sandbox, id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ Subject: "Candor flag withdrawn: Score is too low", Status: "Completed" });
    expect(await flagRow(id)).toMatchObject({ status: "WITHDRAWN", syncStatus: "SYNCED", withdrawnAt: expect.any(Date) });

    const again = await withdraw("/x", { method: "POST", token, params: { id }, body: { revision: 2 } });
    expect(again.status).toBe(409);
    expect(again.json.detail).toBe("You already withdrew this flag.");

    // Out of the review queue: a manager can no longer decide on it.
    const manager = await makeUser(t.tenant.id, "SALES_MANAGER", "EMEA", "Manager");
    const resolve = await call(resolveRoute)("/x", {
      method: "POST", token: await tokenFor(manager), params: { id }, body: { decision: "ACCEPTED", resolution: "Agreed" },
    });
    expect(resolve.status).toBe(409);
    expect(resolve.json.detail).toBe("Its author withdrew this flag.");
    expect(await db.trainingLabel.count({ where: { flagId: id } })).toBe(0);
  });

  it("validates the body: unknown fields and a missing revision are 422, nothing written", async () => {
    const id = await deliveredFlag();
    for (const body of [{}, { revision: 1, extra: true }, { revision: 0 }]) {
      const res = await withdraw("/x", { method: "POST", token, params: { id }, body });
      expect(res.status).toBe(422);
    }
    const badKind = await edit("/x", { method: "PATCH", token, params: { id }, body: { kind: "NOPE", revision: 1 } });
    expect(badKind.status).toBe(422);
    expect(await flagRow(id)).toMatchObject({ status: "OPEN", revision: 1 });
  });
});
