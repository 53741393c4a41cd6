import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { expectUniqueViolation, makeTenant } from "@/test/support/fixtures";
import { JOB_QUEUE, jobEngine } from "./engine";
import { enqueueJob, getJob, type EngineJobData } from "./index";
import { registerJobHandler } from "./registry";
import { PermanentJobError, processJob, runOneJob } from "./worker";

// The job engine as Candor uses it: rows and engine jobs written in the caller's transaction,
// dedupe on the partial unique index, zod-checked payloads that fail for good, retries, attempt
// fencing, and jobs split into parts.

const calls: Record<string, number> = {};
const count = (key: string) => (calls[key] = (calls[key] ?? 0) + 1);

registerJobHandler("test_echo", async (job) => {
  count(job.id);
  return { echoed: job.payload };
}, { payload: z.object({ word: z.string().min(1) }).strict() });

const failures = new Map<string, number>();
registerJobHandler("test_flaky", async (job) => {
  const left = failures.get(job.id) ?? 0;
  if (left > 0) {
    failures.set(job.id, left - 1);
    throw new Error(`transient ${left}`);
  }
  return { attempts: job.attempts };
});
registerJobHandler("test_broken", async () => {
  throw new PermanentJobError("the input can never work");
});

let release: (() => void) | null = null;
registerJobHandler("test_slow", () => new Promise((resolve) => (release = () => resolve({ slow: true }))));

registerJobHandler("test_split", async (job) => {
  await db.$transaction(async (tx) => {
    for (const n of [3, 4]) await enqueueJob(tx, { tenantId: job.tenantId, kind: "test_part", payload: { n }, parentId: job.id, total: n });
  });
  await db.job.update({ where: { id: job.id }, data: { total: 7 } });
  return { parts: 2 };
});
registerJobHandler("test_part", async (job) => {
  if ((job.payload as { n: number }).n === 99) throw new PermanentJobError("bad page");
  return { n: (job.payload as { n: number }).n };
});

async function engineJob(id: string) {
  return (await jobEngine()).getJobById<EngineJobData>(JOB_QUEUE, id);
}

// Time passes for a job waiting out its retry back-off.
async function makeDue(id: string) {
  await (await jobEngine()).update(JOB_QUEUE, undefined, { id, startAfter: new Date() });
}

async function runUntilIdle() {
  let n = 0;
  while (await runOneJob()) n++;
  return n;
}

describe("enqueueing", () => {
  it("writes Candor's row and the engine's job in the caller's transaction: a rollback leaves neither", async () => {
    const { tenant } = await makeTenant();
    let id = "";
    await expect(db.$transaction(async (tx) => {
      id = (await enqueueJob(tx, { tenantId: tenant.id, kind: "test_echo", payload: { word: "gone" } })).id;
      throw new Error("the change that asked for the job failed");
    })).rejects.toThrow("the change that asked for the job failed");
    expect(await db.job.count({ where: { id } })).toBe(0);
    expect(await engineJob(id)).toBeNull();

    const kept = await db.$transaction((tx) => enqueueJob(tx, { tenantId: tenant.id, kind: "test_echo", payload: { word: "kept" } }));
    expect(await db.job.findUniqueOrThrow({ where: { id: kept.id } })).toMatchObject({ status: "PENDING", kind: "test_echo" });
    expect(await engineJob(kept.id)).toMatchObject({ state: "created", data: { jobId: kept.id, kind: "test_echo" } });

    await runUntilIdle();
    expect(await getJob(tenant.id, kept.id)).toMatchObject({ status: "DONE", attempts: 1, result: { echoed: { word: "kept" } } });
    expect(calls[kept.id]).toBe(1);
  });

  it("one pending job per dedupe key, also when two transactions enqueue it at once", async () => {
    const { tenant } = await makeTenant();
    const dedupeKey = `sync:${randomUUID()}`;
    const results = await Promise.all(
      [1, 2, 3].map(() => db.$transaction((tx) => enqueueJob(tx, { tenantId: tenant.id, kind: "test_echo", payload: { word: "x" }, dedupeKey }))),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.deduplicated)).toHaveLength(1);
    expect(await db.job.count({ where: { dedupeKey } })).toBe(1);

    // Once it runs, a new change needs a new job: the running one may have read the old state.
    await runUntilIdle();
    expect((await enqueueJob(db, { tenantId: tenant.id, kind: "test_echo", payload: { word: "y" }, dedupeKey })).deduplicated).toBe(false);
    await runUntilIdle();
  });

  it("the partial unique index itself refuses a second pending row for a key", async () => {
    const { tenant } = await makeTenant();
    const dedupeKey = `raw:${randomUUID()}`;
    await db.job.create({ data: { tenantId: tenant.id, kind: "test_echo", dedupeKey } });
    await expectUniqueViolation(db.job.create({ data: { tenantId: tenant.id, kind: "test_echo", dedupeKey } }));
    // Rows in other states do not count.
    await db.job.create({ data: { tenantId: tenant.id, kind: "test_echo", dedupeKey, status: "DONE" } });
    expect(await db.job.count({ where: { dedupeKey } })).toBe(2);
  });
});

describe("running", () => {
  it("a payload that fails validation fails at once with its reasons and is never retried", async () => {
    const { tenant } = await makeTenant();
    const { id } = await enqueueJob(db, { tenantId: tenant.id, kind: "test_echo", payload: { word: "", extra: 1 } });
    expect(await runUntilIdle()).toBe(1);
    const job = await getJob(tenant.id, id);
    expect(job).toMatchObject({ status: "FAILED", attempts: 1 });
    expect(job!.error).toMatch(/^Invalid payload: /);
    expect(job!.error).toContain("word:");
    expect(calls[id]).toBeUndefined();
    expect(await runOneJob()).toBe(false);
    expect((await engineJob(id))!.state).not.toMatch(/created|retry|active/);
  });

  it("a handler's permanent error fails the job for good; an unknown kind too", async () => {
    const { tenant } = await makeTenant();
    const broken = await enqueueJob(db, { tenantId: tenant.id, kind: "test_broken" });
    const unknown = await enqueueJob(db, { tenantId: tenant.id, kind: "test_no_such_kind" });
    await runUntilIdle();
    expect(await getJob(tenant.id, broken.id)).toMatchObject({ status: "FAILED", attempts: 1, error: "the input can never work" });
    expect(await getJob(tenant.id, unknown.id)).toMatchObject({ status: "FAILED", error: "No handler for job kind test_no_such_kind" });
  });

  it("retries a transient failure after its back-off, recording every attempt", async () => {
    const { tenant } = await makeTenant();
    const { id } = await enqueueJob(db, { tenantId: tenant.id, kind: "test_flaky" });
    failures.set(id, 2);
    expect(await runOneJob()).toBe(true);
    expect(await getJob(tenant.id, id)).toMatchObject({ status: "RETRYING", attempts: 1, error: "transient 2" });
    // The back-off holds it back until it is due.
    expect(await runOneJob()).toBe(false);
    await makeDue(id);
    await runOneJob();
    await makeDue(id);
    await runOneJob();
    expect(await getJob(tenant.id, id)).toMatchObject({ status: "DONE", attempts: 3, error: null, result: { attempts: 3 } });
    const attempts = await db.jobAttempt.findMany({ where: { jobId: id }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => a.outcome)).toEqual(["retrying", "retrying", "completed"]);
  });

  it("a worker whose lease went to another cannot settle the job: the newer attempt's outcome stands", async () => {
    const { tenant } = await makeTenant();
    const boss = await jobEngine();
    const { id } = await enqueueJob(db, { tenantId: tenant.id, kind: "test_slow" });
    const [first] = await boss.fetch<EngineJobData>(JOB_QUEUE, { includeMetadata: true });
    const stalled = processJob(first!);
    await expect.poll(() => release !== null).toBe(true);
    const releaseFirst = release!;
    release = null;

    // What the engine's supervisor does when the first worker's heartbeat stops: the attempt fails
    // and the job is retried by another worker, which finishes it.
    await boss.fail(JOB_QUEUE, { id, retryCount: first!.retryCount }, { message: "job heartbeat timeout" });
    await makeDue(id);
    const [second] = await boss.fetch<EngineJobData>(JOB_QUEUE, { includeMetadata: true });
    expect(second!.retryCount).toBe(1);
    const finishing = processJob(second!);
    await expect.poll(() => release !== null).toBe(true);
    release!();
    expect(await finishing).toMatchObject({ status: "completed", output: { settled: true } });

    releaseFirst();
    expect(await stalled).toMatchObject({ status: "completed", output: { settled: false } });
    expect(await getJob(tenant.id, id)).toMatchObject({ status: "DONE", attempts: 2 });
    const attempts = await db.jobAttempt.findMany({ where: { jobId: id }, orderBy: { attempt: "asc" } });
    expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, "lost"], [2, "completed"]]);
  });
});

describe("jobs split into parts", () => {
  it("the parent waits for its parts, shows their progress, and finishes with the last of them", async () => {
    const { tenant } = await makeTenant();
    const { id } = await enqueueJob(db, { tenantId: tenant.id, kind: "test_split" });
    expect(await runOneJob()).toBe(true);
    expect(await getJob(tenant.id, id)).toMatchObject({ status: "WAITING", progress: 0, total: 7 });
    expect(await runOneJob()).toBe(true);
    const halfway = (await getJob(tenant.id, id))!;
    expect(halfway.status).toBe("WAITING");
    expect([3, 4]).toContain(halfway.progress);
    expect(await runOneJob()).toBe(true);
    expect(await getJob(tenant.id, id)).toMatchObject({ status: "DONE", progress: 7, total: 7 });
  });

  it("a part that fails for good fails its parent, saying why", async () => {
    const { tenant } = await makeTenant();
    const parent = await db.job.create({ data: { tenantId: tenant.id, kind: "test_split", status: "WAITING", total: 2 } });
    await enqueueJob(db, { tenantId: tenant.id, kind: "test_part", payload: { n: 99 }, parentId: parent.id, total: 1 });
    await runUntilIdle();
    expect(await getJob(tenant.id, parent.id)).toMatchObject({ status: "FAILED", error: "bad page" });
  });
});
