"use client";

import { useEffect, useRef, useState } from "react";
import { FLAG_KIND_LABELS, type FlagDto, type FlagKindName } from "@/lib/flags/kinds";
import type { RecordRef } from "@/lib/records/ref";
import { relativeTime } from "./format";

const STATUS_LABELS: Record<string, string> = {
  OPEN: "Waiting for review",
  ACCEPTED: "Accepted",
  REJECTED: "Reviewed — score kept",
  WITHDRAWN: "Withdrawn",
};

// Where the flag's CRM activity (a Salesforce Task, a HubSpot note) stands for its latest revision.
export function syncLabel(flag: Pick<FlagDto, "status" | "syncStatus" | "revision">, provider: RecordRef["provider"]): string {
  const thing = provider === "HUBSPOT" ? "HubSpot note" : "CRM task";
  if (flag.syncStatus === "FAILED") return "Not yet in the CRM — kept in Candor for review";
  const synced = flag.syncStatus === "SYNCED";
  if (flag.status === "WITHDRAWN") {
    if (provider === "HUBSPOT") return synced ? "HubSpot note marked withdrawn" : "Updating the HubSpot note…";
    return synced ? "CRM task closed" : "Closing the CRM task…";
  }
  if (flag.revision > 1) return synced ? `${thing} updated` : `Updating the ${thing}…`;
  if (!synced) return "Pending sync to CRM";
  return provider === "HUBSPOT" ? "Added to HubSpot as a note" : "Added to the CRM as a task";
}

const actionClass = "rounded px-2 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50 disabled:opacity-50";

export function FlagStatus(props: {
  flag: FlagDto;
  provider: RecordRef["provider"];
  busy: boolean;
  onEdit(): void;
  onWithdraw(onSettled: () => void): void;
}) {
  const { flag } = props;
  const [confirming, setConfirming] = useState(false);
  const keep = useRef<HTMLButtonElement | null>(null);
  const withdrawButton = useRef<HTMLButtonElement | null>(null);
  // Focus goes into the confirmation when it opens, and back to "Withdraw" when it is dismissed.
  const refocus = useRef(false);
  useEffect(() => {
    if (confirming) keep.current?.focus();
    else if (refocus.current) withdrawButton.current?.focus();
    refocus.current = false;
  }, [confirming]);
  const cancel = () => {
    refocus.current = true;
    setConfirming(false);
  };

  return (
    <li className="rounded-md bg-slate-50 px-3 py-2 text-xs" data-testid="flag-status">
      <p className="font-medium text-slate-800">
        You flagged: {FLAG_KIND_LABELS[flag.kind as FlagKindName] ?? flag.kind} · {relativeTime(flag.createdAt)}
      </p>
      {flag.comment && <p className="truncate text-slate-600" title={flag.comment}>“{flag.comment}”</p>}
      <p className="text-slate-600">
        {STATUS_LABELS[flag.status] ?? flag.status} ·{" "}
        <span className={flag.syncStatus === "FAILED" ? "text-amber-700" : flag.syncStatus === "SYNCED" ? "text-emerald-700" : ""}>
          {syncLabel(flag, props.provider)}
        </span>
      </p>
      {flag.status === "OPEN" && !confirming && (
        <div className="mt-1 flex gap-1">
          <button type="button" data-flag={flag.id} data-action="edit" disabled={props.busy} onClick={props.onEdit} className={actionClass}>
            Edit
          </button>
          <button ref={withdrawButton} type="button" data-flag={flag.id} data-action="withdraw" disabled={props.busy} onClick={() => setConfirming(true)} className={actionClass}>
            Withdraw
          </button>
        </div>
      )}
      {confirming && (
        <div
          role="group"
          aria-label="Withdraw this flag?"
          className="mt-1 flex flex-wrap items-center gap-1"
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              cancel();
            }
          }}
        >
          <span className="mr-1 text-slate-700">Withdraw this flag?</span>
          <button type="button" disabled={props.busy} onClick={() => props.onWithdraw(() => setConfirming(false))} className="rounded bg-rose-600 px-2 py-1 text-xs font-medium text-white hover:bg-rose-700 disabled:opacity-50">
            Withdraw flag
          </button>
          <button ref={keep} type="button" onClick={cancel} className={actionClass}>
            Keep it
          </button>
        </div>
      )}
    </li>
  );
}
