import "server-only";
import { db } from "@/lib/db";
import { jobEngine } from "@/lib/jobs/engine";
import type { JobRow, WorkerRow } from "./schema";

// Background jobs as the operations page shows them: what is running or waiting (with progress),
// what finished lately, and which worker processes are alive (the job engine's registry). Parts
// of a job show through their parent; routine polls only when they failed.

const select = {
  id: true, kind: true, status: true, progress: true, total: true, attempts: true, error: true, createdBy: true,
  workerId: true, createdAt: true, startedAt: true, finishedAt: true,
} as const;

function row(j: { createdAt: Date; startedAt: Date | null; finishedAt: Date | null } & Omit<JobRow, "createdAt" | "startedAt" | "finishedAt">): JobRow {
  return { ...j, createdAt: j.createdAt.toISOString(), startedAt: j.startedAt?.toISOString() ?? null, finishedAt: j.finishedAt?.toISOString() ?? null };
}

export async function listJobs(tenantId: string): Promise<{ active: JobRow[]; recent: JobRow[] }> {
  const [active, recent] = await Promise.all([
    db.job.findMany({
      where: { tenantId, parentId: null, status: { in: ["PENDING", "RUNNING", "RETRYING", "WAITING"] } },
      orderBy: { createdAt: "desc" }, take: 50, select,
    }),
    db.job.findMany({
      where: { tenantId, parentId: null, status: { in: ["DONE", "FAILED"] }, NOT: { kind: "crm_poll", status: "DONE" } },
      orderBy: { finishedAt: "desc" }, take: 20, select,
    }),
  ]);
  return { active: active.map(row), recent: recent.map(row) };
}

export async function liveWorkers(): Promise<WorkerRow[]> {
  const instances = await (await jobEngine()).getInstances();
  return instances
    .filter((i) => i.live && i.supervise)
    .map((i) => ({ name: i.name ?? `${i.host}:${i.pid}`, host: i.host, pid: i.pid, startedAt: i.startedOn.toISOString(), lastSeenAt: i.heartbeatOn.toISOString() }));
}
