import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { prng, type AppPlan, type Operation, type ScaleRecord } from "./plan";

// The scale-out fault test: two app processes and two worker processes on one PostgreSQL, CRM
// stand-ins that fail a share of calls at random and answer bursts of throttling, and workers
// killed with SIGKILL at random moments (each replaced at once, as an orchestrator would). Then,
// once everything has settled, what must hold: every write arrived exactly once in effect, every
// record carries its newest score, no job ran twice, and the CRMs' limits were never exceeded.
// The caller points lib/env at an empty, migrated PostgreSQL database before calling.

export interface ScaleOptions {
  recordsPerCrm: number;
  ingestsPerApp: number;
  itemsPerIngest: number;
  flagsPerApp: number;
  syncsPerApp: number;
  kills: number;
  faultRate: number;
  seed: number;
  timeoutMs: number;
}

export const SMALL: ScaleOptions = {
  recordsPerCrm: 20, ingestsPerApp: 20, itemsPerIngest: 3, flagsPerApp: 5, syncsPerApp: 5, kills: 5, faultRate: 0.2, seed: 12, timeoutMs: 90_000,
};
export const FULL: ScaleOptions = {
  recordsPerCrm: 300, ingestsPerApp: 400, itemsPerIngest: 5, flagsPerApp: 60, syncsPerApp: 60, kills: 5, faultRate: 0.2, seed: 12, timeoutMs: 600_000,
};

const ROOT = path.resolve(import.meta.dirname, "../..");
// tsx's loader inside the process itself (not its CLI, which runs the script in a child process a
// SIGKILL would not reach).
const NODE_ARGS = ["--import", "tsx", "--conditions=react-server"];
// Short leases and heartbeats, so a killed worker's work comes back within seconds.
const CHILD_ENV = {
  OUTBOX_LEASE_SECONDS: "6", JOB_HEARTBEAT_SECONDS: "10", JOB_SUPERVISE_SECONDS: "2", JOB_RETRY_DELAY_SECONDS: "1", WORKER_POLL_MS: "200", LOG_LEVEL: "error",
};

const maxInWindow = (times: number[], ms: number) => {
  const t = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= ms) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
};

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once("exit", (code) => r(code)));
}

export async function runScaleTest(opts: ScaleOptions, say: (line: string) => void = console.log) {
  const { db } = await import("@/lib/db");
  const { env } = await import("@/lib/env");
  const { encryptSecret } = await import("@/lib/crypto");
  const { installConnection } = await import("@/lib/crm/connections");
  const { ingestScores } = await import("@/lib/scoring/ingest");
  const { startSalesforceSandbox } = await import("@/sandbox/salesforce");
  const { startHubSpotSandbox } = await import("@/sandbox/hubspot");
  const { CRM_CALL_BUDGETS } = await import("@/lib/outbox/budget");
  if (!env.DATABASE_URL) throw new Error("The scale-out test needs PostgreSQL (DATABASE_URL): the embedded database has one owner process.");
  const random = prng(opts.seed);

  const sfUser = { Id: "005000000000001AAA", Username: "integration@scale.example", FirstName: "Int", LastName: "User", Email: "integration@scale.example" };
  const salesforce = await startSalesforceSandbox({
    port: 0, orgId: "00DSCALE0000000AAA", orgName: "Scale Co", consumerKey: "scale-key", consumerSecret: "scale-secret",
    canvasUrl: "http://localhost/", users: [sfUser], dailyApiLimit: 1_000_000,
    records: { Lead: Array.from({ length: opts.recordsPerCrm }, (_, i) => ({ LastName: `Lead ${i}`, Company: "Scale", Title: "VP Sales" })) },
  });
  const hubspot = await startHubSpotSandbox({
    port: 0, portalId: "90000002", clientId: "scale-hs", clientSecret: "scale-hs-secret", cardFetchUrl: "http://localhost/",
    users: [{ id: "7001", email: "owner@scale.example", firstName: "Owner", lastName: "Scale" }],
    objects: { contacts: Array.from({ length: opts.recordsPerCrm }, (_, i) => ({ email: `c${i}@scale.example`, firstname: "C", lastname: String(i) })) },
    rateLimit: { max: 100, intervalMs: 10_000 },
  });
  const children: ChildProcess[] = [];
  try {
    const tenant = await db.tenant.create({
      data: { slug: `scale-${opts.seed}-${Date.now().toString(36)}`, name: "Scale Co", regions: { create: [{ code: "EMEA", name: "Europe, Middle East & Africa" }] } },
    });
    const [admin, rep] = await Promise.all([
      db.user.create({ data: { tenantId: tenant.id, role: "ADMIN", name: "Admin", email: "admin@scale.example" } }),
      db.user.create({ data: { tenantId: tenant.id, role: "SALES_REP", region: "EMEA", name: "Rep", email: "rep@scale.example" } }),
    ]);
    const sfTokens = salesforce.issueTokens(sfUser.Id);
    const hsTokens = hubspot.issueTokens();
    const sf = await db.crmConnection.create({
      data: {
        tenantId: tenant.id, provider: "SALESFORCE", externalOrgId: "00DSCALE0000000AAA", instanceUrl: salesforce.url, loginUrl: salesforce.url, clientId: "scale-key",
        clientSecretEnc: encryptSecret("scale-secret"), accessTokenEnc: encryptSecret(sfTokens.accessToken), refreshTokenEnc: encryptSecret(sfTokens.refreshToken),
      },
    });
    const hs = await db.crmConnection.create({
      data: {
        tenantId: tenant.id, provider: "HUBSPOT", externalOrgId: "90000002", instanceUrl: hubspot.url, clientId: "scale-hs", clientSecretEnc: encryptSecret("scale-hs-secret"),
        accessTokenEnc: encryptSecret(hsTokens.accessToken), refreshTokenEnc: encryptSecret(hsTokens.refreshToken),
        tokenExpiresAt: new Date(Date.now() + hsTokens.expiresIn * 1000),
      },
    });
    await installConnection(hs.id);
    // The rep is the Salesforce leads' owner too, so a sync (which follows the CRM's owner) keeps them the rep's.
    await db.crmIdentity.create({ data: { tenantId: tenant.id, userId: rep.id, provider: "SALESFORCE", externalOrgId: "00DSCALE0000000AAA", externalUserId: sfUser.Id } });

    const records: ScaleRecord[] = [
      ...salesforce.records("Lead").map((r) => ({ provider: "SALESFORCE" as const, objectType: "Lead", externalId: String(r.Id) })),
      ...hubspot.objects("contacts").map((o) => ({ provider: "HUBSPOT" as const, objectType: "contact", externalId: o.id })),
    ];
    const now = new Date();
    await db.crmRecord.createMany({
      data: records.map((r, i) => ({
        tenantId: tenant.id, provider: r.provider, objectType: r.objectType, externalId: r.externalId, name: `Record ${i}`, ownerUserId: rep.id,
        ownerExternalId: r.provider === "SALESFORCE" ? sfUser.Id : null,
        region: "EMEA", fields: {}, crmCreatedAt: now, crmUpdatedAt: now, lastSyncedAt: now,
      })),
    });
    // Every record starts with a score (its first write-back is part of the test), and the
    // model exists before two processes ingest at once.
    const { principalForUser } = await import("@/lib/auth/session-store");
    const principal = { ...(await principalForUser(db, tenant.id, admin.id))!, sessionId: "scale" };
    for (let i = 0; i < records.length; i += 100) {
      await db.$transaction((tx) => ingestScores(tx, principal, `scale-seed-${i}`, {
        schemaVersion: 1, items: records.slice(i, i + 100).map((record) => ({ record, score: 50, reasons: [], model: { name: "scale", version: "1" } })),
      }));
    }

    // The plans: ingests over every record, flags on records of each process's own (one open flag
    // per person and score), syncs of Salesforce leads.
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    const plans = [0, 1].map((p): AppPlan => {
      const own = records.filter((_, i) => i % 2 === p);
      const operations: Operation[] = [];
      for (let i = 0; i < opts.ingestsPerApp; i++) {
        operations.push({ type: "ingest", items: Array.from({ length: opts.itemsPerIngest }, () => ({ record: pick(records), score: Math.floor(random() * 101) })) });
      }
      own.slice(0, opts.flagsPerApp).forEach((record) => operations.splice(Math.floor(random() * operations.length), 0, { type: "flag", record }));
      for (let i = 0; i < opts.syncsPerApp; i++) {
        operations.splice(Math.floor(random() * operations.length), 0, { type: "sync", record: pick(records.filter((r) => r.provider === "SALESFORCE")) });
      }
      return { tenantId: tenant.id, adminId: admin.id, repId: rep.id, connections: { SALESFORCE: sf.id, HUBSPOT: hs.id }, operations };
    });

    // Faults from here on.
    const sfFaults = [
      { status: 503, errorCode: "SERVER_UNAVAILABLE", message: "Server unavailable" },
      { status: 400, errorCode: "UNABLE_TO_LOCK_ROW", message: "unable to obtain exclusive access to this record" },
      { status: 500, errorCode: "UNKNOWN_EXCEPTION", message: "An unexpected error occurred" },
    ];
    const hsFaults = [
      { status: 502, category: "BAD_GATEWAY", message: "Bad gateway" },
      { status: 503, category: "SERVICE_UNAVAILABLE", message: "Service unavailable" },
    ];
    salesforce.setChaos({ rate: opts.faultRate, failures: sfFaults, random });
    hubspot.setChaos({ rate: opts.faultRate, failures: hsFaults, random });
    const sfMark = salesforce.requestLog().length;
    const hsMark = hubspot.requestLog().length;

    const dir = mkdtempSync(path.join(tmpdir(), "candor-scale-"));
    const childEnv = { ...process.env, ...CHILD_ENV, DATABASE_URL: env.DATABASE_URL };
    const stderr = new Map<ChildProcess, string>();
    const spawnNode = (args: string[], label: string) => {
      const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, env: childEnv, stdio: ["ignore", "ignore", "pipe"] });
      child.stderr?.on("data", (chunk: Buffer) => {
        say(`[${label}] ${chunk.toString().trim()}`);
        stderr.set(child, ((stderr.get(child) ?? "") + chunk.toString()).slice(-2_000));
      });
      children.push(child);
      return child;
    };
    const workers: ChildProcess[] = [];
    const startWorkerProcess = () => {
      const w = spawnNode([path.join(ROOT, "scripts/worker.ts")], `worker ${workers.length + 1}`);
      workers.push(w);
      return w;
    };
    // Ready means started: the job engine lists the worker as a live instance.
    const { jobEngine, startJobEngine } = await import("@/lib/jobs/engine");
    const { enqueueRecordSync } = await import("@/lib/records/sync");
    await startJobEngine("producer");
    const alive = (w: ChildProcess) => w.exitCode === null && w.signalCode === null;
    const ready = async () => {
      const pids = new Set((await (await jobEngine()).getInstances()).filter((i) => i.live && i.supervise).map((i) => i.pid));
      return workers.filter((w) => alive(w) && pids.has(w.pid!));
    };
    const untilReady = async (count: number) => {
      for (;;) {
        const list = await ready();
        if (list.length >= count) return list;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    startWorkerProcess();
    startWorkerProcess();
    await untilReady(2);
    const apps = plans.map((plan, i) => {
      const file = path.join(dir, `app-${i}.json`);
      writeFileSync(file, JSON.stringify(plan));
      return spawnNode([path.join(ROOT, "scripts/scale/app-process.ts"), file], `app ${i + 1}`);
    });
    const appsDone = Promise.all(apps.map(exited));
    say(`2 app processes (${plans[0]!.operations.length} operations each), 2 workers, ${Math.round(opts.faultRate * 100)} % faults`);

    // The fault schedule: started workers killed at random moments, each replaced at once; every
    // other kill hits a worker in the middle of a job (a burst of CRM changes arrives, and the
    // worker running one of their jobs dies); bursts of throttling from both CRMs after each kill.
    const leads = records.filter((r) => r.provider === "SALESFORCE");
    const runningOn = async (candidates: ChildProcess[], deadline: number) => {
      for (;;) {
        const job = await db.job.findFirst({ where: { tenantId: tenant.id, status: "RUNNING", workerId: { not: null } }, select: { workerId: true } });
        const pid = Number(job?.workerId?.split(":").pop());
        const worker = candidates.find((w) => w.pid === pid && alive(w));
        if (worker || Date.now() > deadline) return worker;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    let killed = 0;
    while (killed < opts.kills) {
      await new Promise((r) => setTimeout(r, 1_000 + random() * 2_000));
      const candidates = await untilReady(1);
      let victim = pick(candidates);
      if (killed % 2 === 0) {
        for (let i = 0; i < 4; i++) await enqueueRecordSync(db, tenant.id, { connectionId: sf.id, objectType: "Lead", externalId: pick(leads).externalId });
        victim = (await runningOn(candidates, Date.now() + 3_000)) ?? victim;
      }
      victim.kill("SIGKILL");
      await exited(victim);
      killed++;
      startWorkerProcess();
      hubspot.failNext(2, { status: 429, category: "RATE_LIMITS", message: "You have reached your secondly limit.", retryAfterSeconds: 1 });
      salesforce.failNext(2, sfFaults[0]!);
      say(`killed worker ${workers.indexOf(victim) + 1} (${killed} of ${opts.kills}); bursts of 429 and 503 sent`);
    }
    const codes = await appsDone;
    const failed = apps.find((_, i) => codes[i] !== 0);
    if (failed) throw new Error(`An app process failed (exit codes ${codes.join(", ")}):\n${stderr.get(failed) ?? ""}`);

    say("app processes done; waiting for the outbox and the jobs to settle");
    // Settled: nothing waits in the outbox and no job is unfinished.
    const deadline = Date.now() + opts.timeoutMs;
    for (;;) {
      const [open, unfinished] = await Promise.all([
        db.outboxMessage.count({ where: { tenantId: tenant.id, status: { in: ["PENDING", "IN_FLIGHT"] } } }),
        db.job.count({ where: { tenantId: tenant.id, status: { in: ["PENDING", "RUNNING", "RETRYING", "WAITING"] } } }),
      ]);
      if (open === 0 && unfinished === 0) break;
      if (Date.now() > deadline) throw new Error(`Not settled after ${opts.timeoutMs} ms: ${open} outbox messages and ${unfinished} jobs open`);
      await new Promise((r) => setTimeout(r, 250));
    }
    say("settled");
    salesforce.setChaos(null);
    hubspot.setChaos(null);
    await Promise.all(workers.map(async (w) => {
      if (w.exitCode === null && w.signalCode === null) w.kill("SIGTERM");
      await exited(w);
    }));

    // What must hold.
    const outbox = await db.outboxMessage.groupBy({ by: ["status"], where: { tenantId: tenant.id }, _count: true });
    const current = await db.score.findMany({
      where: { tenantId: tenant.id, isCurrent: true, shadow: false }, select: { value: true, record: { select: { provider: true, externalId: true } } },
    });
    const sfScores = new Map(salesforce.records("Lead").map((r) => [String(r.Id), Number(r.Candor_Score__c)]));
    const hsScores = new Map(hubspot.objects("contacts").map((o) => [o.id, Number(o.properties.candor_score)]));
    const stale = current.filter((s) => (s.record.provider === "SALESFORCE" ? sfScores : hsScores).get(s.record.externalId) !== s.value);
    const flags = await db.flag.findMany({ where: { tenantId: tenant.id }, select: { id: true, syncStatus: true } });
    const tasks = [
      ...salesforce.records("Task").map((t) => String(t.Candor_Flag_Id__c ?? "")),
      ...hubspot.objects("notes").map((n) => String(n.properties.candor_flag_id ?? "")),
    ];
    const notOnce = flags.filter((f) => tasks.filter((k) => k === `flag:${f.id}`).length !== 1 || f.syncStatus !== "SYNCED");
    const jobs = await db.job.findMany({ where: { tenantId: tenant.id }, select: { id: true, status: true, runs: { select: { outcome: true } } } });
    const ranTwice = jobs.filter((j) => j.runs.filter((r) => r.outcome === "completed").length !== 1);
    const lost = jobs.reduce((n, j) => n + j.runs.filter((r) => r.outcome === "lost").length, 0);

    const sfCalls = salesforce.requestLog().slice(sfMark).filter((e) => e.path.startsWith("/services/data/"));
    const hsCalls = hubspot.requestLog().slice(hsMark).filter((e) => e.path.startsWith("/crm/"));
    const writes = (calls: typeof sfCalls) => calls.filter((c) => c.method !== "GET" && !/\/query|\/search/.test(c.path)).map((c) => c.at);
    const budget10s = Math.round(CRM_CALL_BUDGETS.HUBSPOT.points * (10 / CRM_CALL_BUDGETS.HUBSPOT.duration + 1));
    return {
      settled: Object.fromEntries(outbox.map((o) => [o.status, o._count])) as Record<string, number>,
      records: records.length,
      staleRecords: stale.length,
      flags: flags.length,
      flagsNotExactlyOnce: notOnce.length,
      jobs: jobs.length,
      jobsNotCompletedOnce: ranTwice.length,
      attemptsLostToKills: lost,
      kills: killed,
      injectedFaults: sfCalls.filter((c) => c.injected).length + hsCalls.filter((c) => c.injected).length,
      calls: { salesforce: sfCalls.length, hubspot: hsCalls.length },
      // HubSpot refuses past 100 calls per rolling 10 s: a 429 it sent on its own would say so.
      hubspotLimitRefusals: hsCalls.filter((c) => c.status === 429 && !c.injected).length,
      hubspotMaxPer10s: maxInWindow(hsCalls.map((c) => c.at), 10_000),
      writeBudget: { allowedPer10s: budget10s, salesforceMaxPer10s: maxInWindow(writes(sfCalls), 10_000), hubspotMaxPer10s: maxInWindow(writes(hsCalls), 10_000) },
      salesforceLimitRefusals: sfCalls.filter((c) => c.status === 403 && !c.injected).length,
    };
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await salesforce.close();
    await hubspot.close();
  }
}

export type ScaleReport = Awaited<ReturnType<typeof runScaleTest>>;

/** What went wrong, in words; empty when everything held. */
export function violations(r: ScaleReport): string[] {
  const out: string[] = [];
  const notDone = Object.entries(r.settled).filter(([status]) => status !== "DONE");
  if (notDone.length > 0) out.push(`outbox messages not delivered: ${JSON.stringify(Object.fromEntries(notDone))}`);
  if (r.staleRecords > 0) out.push(`${r.staleRecords} records do not carry their newest score in the CRM`);
  if (r.flagsNotExactlyOnce > 0) out.push(`${r.flagsNotExactlyOnce} flags are not exactly one task in the CRM`);
  if (r.jobsNotCompletedOnce > 0) out.push(`${r.jobsNotCompletedOnce} jobs did not complete exactly once`);
  if (r.hubspotLimitRefusals > 0 || r.hubspotMaxPer10s > 100) out.push(`HubSpot's limit was exceeded (${r.hubspotLimitRefusals} refusals, ${r.hubspotMaxPer10s} calls in 10 s)`);
  if (r.salesforceLimitRefusals > 0) out.push(`Salesforce refused ${r.salesforceLimitRefusals} calls for its limit`);
  const { allowedPer10s, salesforceMaxPer10s, hubspotMaxPer10s } = r.writeBudget;
  if (salesforceMaxPer10s > allowedPer10s || hubspotMaxPer10s > allowedPer10s) out.push(`write-back went past its budget: ${JSON.stringify(r.writeBudget)}`);
  if (r.kills === 0 || r.injectedFaults === 0) out.push("the run had no faults to survive");
  return out;
}
