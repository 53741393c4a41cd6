"use client";

import { useId, useRef, useState } from "react";
import { problemText } from "@/lib/client/fetcher";
import { Button } from "./button";
import { Field, Textarea } from "./field";

// The confirmation every destructive action asks for, on the native <dialog>: showModal() moves
// focus in and keeps it there, makes the page behind inert, and Escape closes it; on close, focus
// returns to the control that opened it. With `reason`, the action cannot be confirmed without
// one (many admin actions are audited with the reason given). `onConfirm` may throw: the dialog
// stays open and shows why, so nothing is half-done out of sight.
export function ConfirmDialog({ trigger, title, description, confirmLabel, pendingLabel, reason, tone = "danger", onConfirm }: {
  // Renders the control that opens the dialog; call `open` from its click handler.
  trigger: (open: () => void) => React.ReactNode;
  title: string;
  description?: React.ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  reason?: { label: string; hint?: string; minLength?: number; placeholder?: string };
  tone?: "danger" | "primary";
  onConfirm: (reason: string) => Promise<unknown> | void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState("");
  const ids = useId();

  function open() {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setError(null);
    setText("");
    dialog.current?.showModal();
    // The safe choice takes focus: the reason to type, else Cancel (never the destructive button).
    dialog.current?.querySelector<HTMLElement>("[data-initial-focus]")?.focus();
  }

  function restoreFocus() {
    // The opener is gone when the confirmed action removed its row; then focus stays where the
    // browser puts it rather than on a detached element.
    if (opener.current?.isConnected) opener.current.focus();
  }

  async function confirm(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      await onConfirm(text.trim());
      dialog.current?.close();
    } catch (err) {
      setError(problemText(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      {trigger(open)}
      <dialog
        ref={dialog}
        role="alertdialog"
        aria-labelledby={`${ids}-title`}
        aria-describedby={description ? `${ids}-desc` : undefined}
        onCancel={(e) => {
          if (pending) e.preventDefault();
        }}
        onClose={restoreFocus}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-xl bg-white p-0 text-left shadow-2xl backdrop:bg-slate-900/40"
      >
        <form onSubmit={confirm} className="space-y-4 p-6">
          <div className="flex gap-4">
            {tone === "danger" ? (
              <span aria-hidden="true" className="flex size-10 shrink-0 items-center justify-center rounded-full bg-red-50 text-red-600">
                <svg viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
                  <path d="M10 7v4M10 14h.01M8.6 3.5 2.4 14.2A1.6 1.6 0 0 0 3.8 16.6h12.4a1.6 1.6 0 0 0 1.4-2.4L11.4 3.5a1.6 1.6 0 0 0-2.8 0Z" />
                </svg>
              </span>
            ) : null}
            <div className="min-w-0 space-y-1.5">
              <h2 id={`${ids}-title`} className="text-base font-semibold text-slate-900">{title}</h2>
              {description ? <div id={`${ids}-desc`} className="text-slate-600">{description}</div> : null}
            </div>
          </div>
          {reason ? (
            <Field label={reason.label} hint={reason.hint}>
              <Textarea
                name="reason"
                required
                data-initial-focus
                minLength={reason.minLength ?? 3}
                maxLength={500}
                rows={3}
                value={text}
                placeholder={reason.placeholder}
                onChange={(e) => setText(e.target.value)}
              />
            </Field>
          ) : null}
          {error ? <p role="alert" className="text-sm font-medium text-red-700">{error}</p> : null}
          <div className="flex flex-col-reverse gap-2 pt-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" data-initial-focus={reason ? undefined : true} disabled={pending} onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant={tone === "danger" ? "danger-solid" : "primary"} disabled={pending}>
              {pending ? (pendingLabel ?? "Working…") : confirmLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
