"use client";

import { useId, useState } from "react";
import { ApiError, type TokenSource } from "@/lib/client/fetcher";
import { FLAG_KINDS, FLAG_KIND_LABELS } from "@/lib/flags/schema";
import type { InsightDto } from "@/lib/records/insight";
import type { RecordRef } from "@/lib/records/ref";
import { relativeTime } from "./format";
import { useCreateFlag } from "./use-create-flag";

type Kind = (typeof FLAG_KINDS)[number];

const SYNC_LABELS: Record<string, string> = {
  PENDING: "Pending sync to CRM",
  SYNCED: "Added to the CRM as a task",
  FAILED: "Not yet in the CRM — kept in Candor for review",
};
// HubSpot receives a flag as a note on the record's timeline, not a task.
function syncLabel(syncStatus: string, provider: RecordRef["provider"]): string {
  if (syncStatus === "SYNCED" && provider === "HUBSPOT") return "Added to HubSpot as a note";
  return SYNC_LABELS[syncStatus] ?? syncStatus;
}
const STATUS_LABELS: Record<string, string> = { OPEN: "Waiting for review", ACCEPTED: "Accepted", REJECTED: "Reviewed — score kept" };

function newKey() {
  return crypto.randomUUID().replace(/-/g, "");
}

export function FlagSection(props: {
  recordRef: RecordRef;
  token: TokenSource;
  scoreId: string;
  canFlag: boolean;
  flags: InsightDto["flags"];
}) {
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind | null>(null);
  const [comment, setComment] = useState("");
  const [key, setKey] = useState(newKey);
  const mutation = useCreateFlag(props.recordRef, props.token);
  const ids = useId();
  const hasOpenFlag = props.flags.some((f) => f.status === "OPEN");

  const start = () => {
    setKey(newKey());
    setKind(null);
    setComment("");
    mutation.reset();
    setOpen(true);
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!kind || mutation.isPending) return;
    mutation.mutate(
      { scoreId: props.scoreId, kind, comment: comment.trim() || undefined, idempotencyKey: key },
      { onSuccess: () => setOpen(false) },
    );
  };

  const error = mutation.error instanceof ApiError ? mutation.error : null;

  return (
    <section aria-labelledby={`${ids}-h`} className="space-y-2 border-t border-slate-100 pt-3">
      <h2 id={`${ids}-h`} className="sr-only">Feedback on this score</h2>
      {props.flags.length > 0 && (
        <ul className="space-y-1" aria-label="Your flags on this record">
          {props.flags.map((f) => (
            <li key={f.id} className="rounded-md bg-slate-50 px-3 py-2 text-xs" data-testid="flag-status">
              <p className="font-medium text-slate-800">
                You flagged: {FLAG_KIND_LABELS[f.kind as Kind] ?? f.kind} · {relativeTime(f.createdAt)}
              </p>
              <p className="text-slate-600">
                {STATUS_LABELS[f.status] ?? f.status} ·{" "}
                <span className={f.syncStatus === "FAILED" ? "text-amber-700" : f.syncStatus === "SYNCED" ? "text-emerald-700" : ""}>
                  {syncLabel(f.syncStatus, props.recordRef.provider)}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
      {!open && props.canFlag && !hasOpenFlag && (
        <button
          type="button"
          onClick={start}
          className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-medium text-slate-800 hover:bg-slate-50"
        >
          This score is wrong
        </button>
      )}
      {open && (
        <form onSubmit={submit} className="space-y-3 rounded-lg border border-slate-200 p-3" aria-label="Flag this score">
          <fieldset>
            <legend className="mb-1 font-semibold text-slate-900">What is wrong?</legend>
            <div className="space-y-1">
              {FLAG_KINDS.map((k) => (
                <label key={k} className="flex cursor-pointer items-center gap-2">
                  <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="accent-brand-600" />
                  {FLAG_KIND_LABELS[k]}
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <label htmlFor={`${ids}-c`} className="mb-1 block font-medium text-slate-800">
              Comment <span className="font-normal text-slate-500">(optional)</span>
            </label>
            <textarea
              id={`${ids}-c`}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              maxLength={1000}
              rows={3}
              className="w-full rounded-md border border-slate-300 p-2"
              placeholder="What do you know that the score does not?"
            />
          </div>
          {error && (
            <p role="alert" className="text-red-700">
              {error.fieldErrors[0] ? `${error.message} ${error.fieldErrors[0].message}` : error.message}
            </p>
          )}
          <div className="flex gap-2">
            <button
              type="submit"
              disabled={!kind || mutation.isPending}
              className="flex-1 rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50"
            >
              {mutation.isPending ? "Sending…" : "Send flag"}
            </button>
            <button type="button" onClick={() => setOpen(false)} className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100">
              Cancel
            </button>
          </div>
        </form>
      )}
      {mutation.isSuccess && !open && (
        <p role="status" className="text-xs text-emerald-700">Thanks — your flag was recorded and goes to your manager for review.</p>
      )}
    </section>
  );
}
