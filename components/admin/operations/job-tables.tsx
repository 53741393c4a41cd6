"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { columnHelper } from "@/components/ui/data-table-columns";
import { EmptyState } from "@/components/ui/empty-state";
import type { JobRow, WorkerRow } from "@/lib/operations/schema";
import { when } from "./format";

// Background jobs: what runs or waits now, with progress, and what finished lately.

const KIND_LABELS: Record<string, string> = {
  train_model: "Train a model",
  full_rescore: "Rescore every record",
  rescore_page: "Rescore a page of records",
  reason_texts: "Re-word reasons",
  crm_sync_record: "Sync a changed record",
  crm_poll: "Poll the CRM for changes",
  crm_poll_all: "Poll every CRM for changes",
  crm_field_visibility: "Check the CRM's field access",
  override_expiry: "End expired score overrides",
};
const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Waiting", tone: "neutral" },
  RUNNING: { label: "Running", tone: "info" },
  RETRYING: { label: "Retrying", tone: "warning" },
  WAITING: { label: "Running in parts", tone: "info" },
  DONE: { label: "Done", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
};
const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind;
const col = columnHelper<JobRow>();

const columns = [
  col.accessor("kind", {
    header: "Job",
    cell: (c) => (
      <>
        <span className="text-slate-900">{kindLabel(c.getValue())}</span>
        {c.row.original.createdBy ? <div className="text-xs text-slate-600">by {c.row.original.createdBy}</div> : null}
      </>
    ),
  }),
  col.accessor("status", {
    header: "Status",
    cell: (c) => {
      const s = STATUS[c.getValue()] ?? { label: c.getValue(), tone: "neutral" as const };
      return (
        <>
          <Badge tone={s.tone} dot>{s.label}</Badge>
          {c.row.original.error ? <div className="mt-1 max-w-sm text-xs text-red-800">{c.row.original.error}</div> : null}
        </>
      );
    },
  }),
  col.display({
    id: "progress",
    header: "Progress",
    meta: { nowrap: true },
    cell: ({ row }) => {
      const j = row.original;
      if (j.total <= 0) return <span className="text-slate-600">—</span>;
      const text = `${j.progress.toLocaleString("en")} of ${j.total.toLocaleString("en")}`;
      return (
        <span className="flex items-center gap-2">
          <progress className="h-2 w-28 accent-brand-600" max={j.total} value={j.progress} aria-label={`${kindLabel(j.kind)}: ${text}`} />
          <span className="tabular-nums" data-testid="job-progress">{text}</span>
        </span>
      );
    },
  }),
  col.accessor("attempts", { header: "Attempts", meta: { align: "end", className: "tabular-nums" } }),
  col.accessor((j) => j.startedAt ?? j.createdAt, {
    id: "started",
    header: "Started",
    sortFn: "datetime",
    cell: (c) => (
      <>
        {c.row.original.startedAt ? when(c.row.original.startedAt) : `Queued ${when(c.row.original.createdAt)}`}
        {c.row.original.workerId ? <div className="text-xs text-slate-600">on {c.row.original.workerId}</div> : null}
      </>
    ),
    meta: { nowrap: true },
  }),
];

export function JobTables({ active, recent, workers }: { active: JobRow[]; recent: JobRow[]; workers: WorkerRow[] }) {
  return (
    <div className="space-y-5">
      <p className="text-slate-700" data-testid="live-workers">
        {workers.length === 0
          ? "No worker process is running: background work waits until one starts (npm run worker)."
          : `${workers.length} worker ${workers.length === 1 ? "process" : "processes"} running: ${workers.map((w) => w.name).join(", ")}.`}
      </p>
      <DataTable label="Running and waiting" columns={columns} data={active} getRowId={(j) => j.id}
        empty={<EmptyState compact title="Nothing running">Training, rescoring and syncs appear here while they run.</EmptyState>} />
      <DataTable label="Finished lately" columns={columns} data={recent} getRowId={(j) => j.id}
        empty={<EmptyState compact title="Nothing finished yet" />} />
    </div>
  );
}
