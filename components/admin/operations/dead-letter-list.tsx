"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";
import type { DeadLetter } from "@/lib/operations/schema";
import { adminRequest, problemText } from "../admin-request";
import { ConfirmDialog } from "./confirm-dialog";
import { when } from "./format";

// Dead letters with the CRM's own error. Replay sends one again (after the cause was fixed);
// "Replay all" does so for a connection; discard settles one for good, with a reason. The server
// audits each action.

type Pending = { type: "discard"; letter: DeadLetter } | { type: "replay-all"; connectionId: string; label: string; count: number } | null;

export function DeadLetterList({ items, connections }: { items: DeadLetter[]; connections: Array<{ id: string; label: string }> }) {
  const router = useRouter();
  const [busy, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [reason, setReason] = useState("");
  const label = (id: string) => connections.find((c) => c.id === id)?.label ?? "Unknown connection";

  function run(action: () => Promise<unknown>, message: string) {
    setError(null);
    setDone(null);
    startTransition(async () => {
      try {
        await action();
        setPending(null);
        setReason("");
        setDone(message);
        router.refresh();
      } catch (err) {
        setError(problemText(err));
      }
    });
  }

  const replay = (ids: string[]) => adminRequest("/api/v1/admin/operations/dead-letters/replay", { method: "POST", body: { ids } });
  const perConnection = connections
    .map((c) => ({ ...c, count: items.filter((i) => i.connectionId === c.id).length }))
    .filter((c) => c.count > 0);

  return (
    <div className="space-y-4">
      {error ? <Notice tone="error">{error}</Notice> : null}
      {done ? <Notice tone="success">{done}</Notice> : null}
      {items.length === 0 ? (
        <p className="text-slate-600" data-testid="no-dead-letters">No dead letters: every write reached the CRM or is still on its way.</p>
      ) : (
        <>
          <div className="flex flex-wrap gap-2">
            {perConnection.map((c) => (
              <Button key={c.id} variant="secondary" size="sm" disabled={busy}
                onClick={() => setPending({ type: "replay-all", connectionId: c.id, label: c.label, count: c.count })}>
                Replay all {c.count} for {c.label}
              </Button>
            ))}
          </div>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label="Dead letters">
              <thead className="text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-3">Write</th>
                  <th scope="col" className="py-2 pr-3">Record</th>
                  <th scope="col" className="py-2 pr-3">The CRM said</th>
                  <th scope="col" className="py-2 pr-3">Attempts</th>
                  <th scope="col" className="py-2 pr-3">Queued</th>
                  <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((m) => (
                  <tr key={m.id} data-testid="dead-letter">
                    <td className="py-2 pr-3 text-slate-900">{m.summary}<div className="text-xs text-slate-600">{label(m.connectionId)} · {m.kind === "update_fields" ? "fields" : "task"}</div></td>
                    <td className="py-2 pr-3 font-mono text-xs text-slate-800">{m.objectType} {m.recordExternalId}</td>
                    <td className="py-2 pr-3"><span className="font-mono text-xs font-semibold text-red-800">{m.errorCode ?? "—"}</span><div className="max-w-md text-slate-700">{m.error}</div></td>
                    <td className="py-2 pr-3 text-slate-800">{m.attempts}</td>
                    <td className="py-2 pr-3 text-slate-700">{when(m.createdAt)}</td>
                    <td className="py-2">
                      <div className="flex gap-2">
                        <Button size="sm" disabled={busy} onClick={() => run(() => replay([m.id]), "Sent again: a worker is delivering it.")}>Replay</Button>
                        <Button size="sm" variant="danger" disabled={busy} onClick={() => setPending({ type: "discard", letter: m })}>Discard…</Button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <ConfirmDialog
        open={pending?.type === "replay-all"}
        title="Replay every dead letter of this connection?"
        confirmLabel={pending?.type === "replay-all" ? `Replay ${pending.count}` : "Replay"}
        pending={busy}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (pending?.type !== "replay-all") return;
          run(() => adminRequest("/api/v1/admin/operations/dead-letters/replay", { method: "POST", body: { connectionId: pending.connectionId, all: true } }),
            `Sent again: ${pending.count} writes for ${pending.label}.`);
        }}
      >
        <p>Each one goes back to {pending?.type === "replay-all" ? pending.label : "the CRM"} from its first attempt. Fix what made them fail first, or they will fail the same way.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending?.type === "discard"}
        title="Discard this dead letter?"
        confirmLabel="Discard"
        tone="danger"
        pending={busy}
        onCancel={() => { setPending(null); setReason(""); }}
        onConfirm={() => {
          if (pending?.type !== "discard") return;
          run(() => adminRequest(`/api/v1/admin/operations/dead-letters/${pending.letter.id}/discard`, { method: "POST", body: { reason } }),
            "Discarded. The reason is in the audit log.");
        }}
      >
        <p>{pending?.type === "discard" ? pending.letter.summary : ""}: it will never be sent. Say why, for whoever reads the audit log.</p>
        <label className="block">
          <span className="font-medium text-slate-800">Reason</span>
          <textarea required minLength={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-900" rows={3} />
        </label>
      </ConfirmDialog>
    </div>
  );
}
