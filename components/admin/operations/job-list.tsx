import type { JobRow, WorkerRow } from "@/lib/operations/schema";
import { when } from "./format";

// Background jobs: what runs or waits now, with progress, and what finished lately.

const KIND_LABELS: Record<string, string> = {
  train_model: "Train a model",
  full_rescore: "Rescore every record",
  reason_texts: "Re-word reasons",
  crm_sync_record: "Sync a changed record",
  crm_poll: "Poll the CRM for changes",
};
const STATUS_LABELS: Record<string, string> = {
  PENDING: "Waiting", RUNNING: "Running", RETRYING: "Retrying", WAITING: "Running (in parts)", DONE: "Done", FAILED: "Failed",
};

function Progress({ job }: { job: JobRow }) {
  if (job.total <= 0) return <span className="text-slate-600">—</span>;
  const label = `${job.progress} of ${job.total}`;
  return (
    <div className="flex items-center gap-2">
      <progress className="h-2 w-28" max={job.total} value={job.progress} aria-label={`${KIND_LABELS[job.kind] ?? job.kind}: ${label}`} />
      <span className="text-slate-800" data-testid="job-progress">{label}</span>
    </div>
  );
}

function Table({ jobs, label }: { jobs: JobRow[]; label: string }) {
  return (
    <table className="w-full text-left text-sm" aria-label={label}>
      <thead className="text-xs uppercase tracking-wide text-slate-600">
        <tr>
          <th scope="col" className="py-2 pr-3">Job</th>
          <th scope="col" className="py-2 pr-3">Status</th>
          <th scope="col" className="py-2 pr-3">Progress</th>
          <th scope="col" className="py-2 pr-3">Attempts</th>
          <th scope="col" className="py-2">Started</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {jobs.map((j) => (
          <tr key={j.id}>
            <td className="py-2 pr-3 text-slate-900">{KIND_LABELS[j.kind] ?? j.kind}{j.createdBy ? <div className="text-xs text-slate-600">by {j.createdBy}</div> : null}</td>
            <td className="py-2 pr-3 text-slate-800">{STATUS_LABELS[j.status] ?? j.status}{j.error ? <div className="max-w-sm text-xs text-red-800">{j.error}</div> : null}</td>
            <td className="py-2 pr-3"><Progress job={j} /></td>
            <td className="py-2 pr-3 text-slate-800">{j.attempts}</td>
            <td className="py-2 text-slate-700">{when(j.startedAt)}{j.workerId ? <div className="text-xs text-slate-600">on {j.workerId}</div> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function JobList({ active, recent, workers }: { active: JobRow[]; recent: JobRow[]; workers: WorkerRow[] }) {
  return (
    <div className="space-y-5">
      <p className="text-slate-700" data-testid="live-workers">
        {workers.length === 0
          ? "No worker process is running: background work waits until one starts (npm run worker)."
          : `${workers.length} worker ${workers.length === 1 ? "process" : "processes"} running: ${workers.map((w) => w.name).join(", ")}.`}
      </p>
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Running and waiting</h3>
        {active.length === 0 ? <p className="text-slate-600">Nothing running.</p> : <Table jobs={active} label="Running and waiting jobs" />}
      </div>
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Finished lately</h3>
        {recent.length === 0 ? <p className="text-slate-600">Nothing yet.</p> : <Table jobs={recent} label="Recently finished jobs" />}
      </div>
    </div>
  );
}
