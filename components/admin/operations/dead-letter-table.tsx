"use client";

import { useMemo } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { columnHelper } from "@/components/ui/data-table-columns";
import { EmptyState } from "@/components/ui/empty-state";
import { InlineStatus } from "@/components/ui/inline-status";
import { apiFetch } from "@/lib/client/fetcher";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import type { DeadLetter } from "@/lib/operations/schema";
import { when } from "./format";

// Dead letters with the CRM's own error. Replay sends one (or the selected ones, or all of a
// connection's) again after the cause was fixed; discard settles one for good, with a reason.
// The server audits each action; the page's server components re-render after each.

type ReplayInput = { ids: string[] } | { connectionId: string; all: true; label: string };
const col = columnHelper<DeadLetter>();

export function DeadLetterTable({ items, connections }: { items: DeadLetter[]; connections: Array<{ id: string; label: string }> }) {
  const replay = useApiMutation({
    mutationFn: (input: ReplayInput) => {
      const body = "ids" in input ? { ids: input.ids } : { connectionId: input.connectionId, all: true };
      return apiFetch<{ replayed: number }>("/api/v1/admin/operations/dead-letters/replay", { method: "POST", body, auth: "cookie" });
    },
    invalidates: [],
    refresh: true,
  });
  const discard = useApiMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      apiFetch(`/api/v1/admin/operations/dead-letters/${id}/discard`, { method: "POST", body: { reason }, auth: "cookie" }),
    invalidates: [],
    refresh: true,
  });
  const replayNow = replay.mutateAsync;
  const discardNow = discard.mutateAsync;
  const busy = replay.isPending || discard.isPending;

  const columns = useMemo(() => {
    const label = (id: string) => connections.find((c) => c.id === id)?.label ?? "Unknown connection";
    return [
      col.accessor("summary", {
        header: "Write",
        cell: (c) => {
          const m = c.row.original;
          return (
            <div data-testid="dead-letter" className="min-w-48">
              <span className="text-slate-900">{c.getValue()}</span>
              <div className="text-xs text-slate-600">{label(m.connectionId)}</div>
              <div className="font-mono text-xs text-slate-600">{m.kind === "update_fields" ? "Fields" : "Task"} · {m.objectType} {m.recordExternalId}</div>
            </div>
          );
        },
      }),
      col.accessor("error", {
        header: "The CRM said",
        cell: (c) => (
          <div className="min-w-56 max-w-md">
            <span className="break-all font-mono text-xs font-semibold text-red-800">{c.row.original.errorCode ?? "—"}</span>
            <div className="text-slate-700">{c.getValue()}</div>
          </div>
        ),
      }),
      col.accessor("attempts", { header: "Attempts", meta: { align: "end", className: "tabular-nums" } }),
      col.accessor("createdAt", { header: "Queued", sortFn: "datetime", cell: (c) => when(c.getValue()), meta: { nowrap: true } }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { align: "end", nowrap: true },
        cell: ({ row }) => {
          const m = row.original;
          return (
            <div className="inline-flex gap-2">
              <Button size="sm" variant="secondary" disabled={busy} aria-label={`Replay: ${m.summary}`} onClick={() => replayNow({ ids: [m.id] }).catch(() => undefined)}>
                Replay
              </Button>
              <ConfirmDialog
                trigger={(open) => <Button variant="danger" size="sm" disabled={busy} onClick={open} aria-label={`Discard: ${m.summary}`}>Discard…</Button>}
                title="Discard this dead letter?"
                description={<>“{m.summary}” will never be sent to the CRM. Say why, for whoever reads the audit log.</>}
                confirmLabel="Discard"
                pendingLabel="Discarding…"
                reason={{ label: "Reason", hint: "Kept in the audit log." }}
                onConfirm={(reason) => discardNow({ id: m.id, reason })}
              />
            </div>
          );
        },
      }),
    ];
  }, [replayNow, discardNow, busy, connections]);

  const perConnection = connections
    .map((c) => ({ ...c, count: items.filter((i) => i.connectionId === c.id).length }))
    .filter((c) => c.count > 0);
  const replayed = replay.variables;
  const success = !replayed ? null
    : "ids" in replayed ? (replayed.ids.length === 1 ? "Sent again: a worker is delivering it." : `Sent again: ${replayed.ids.length} writes.`)
    : `Sent again: ${replay.data?.replayed ?? 0} writes for ${replayed.label}.`;

  return (
    <div className="space-y-3">
      <DataTable
        label="Dead letters"
        columns={columns}
        data={items}
        getRowId={(m) => m.id}
        initialSorting={[{ id: "createdAt", desc: true }]}
        toolbar={
          perConnection.length ? (
            <div className="flex flex-wrap items-center gap-2">
              {perConnection.map((c) => (
                <ConfirmDialog
                  key={c.id}
                  tone="primary"
                  trigger={(open) => <Button variant="secondary" size="sm" disabled={busy} onClick={open}>Replay all for {c.label} ({c.count})</Button>}
                  title={`Replay every dead letter of ${c.label}?`}
                  description="Each one goes back to the CRM from its first attempt. Fix what made them fail first, or they will fail the same way."
                  confirmLabel={`Replay ${c.count}`}
                  pendingLabel="Replaying…"
                  onConfirm={() => replayNow({ connectionId: c.id, all: true, label: c.label })}
                />
              ))}
            </div>
          ) : undefined
        }
        selection={{
          rowLabel: (m) => m.summary,
          actions: ({ ids, clear }) => (
            <Button size="sm" disabled={busy} onClick={() => replayNow({ ids }).then(clear, () => undefined)}>Replay {ids.length} selected</Button>
          ),
        }}
        empty={<EmptyState compact title="No dead letters">Every write reached the CRM or is still on its way.</EmptyState>}
      />
      <InlineStatus mutation={replay} success={success} />
      <InlineStatus mutation={discard} success="Discarded. The reason is in the audit log." />
    </div>
  );
}
