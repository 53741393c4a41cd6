"use client";

import { useEffect, useId, useRef } from "react";
import { Button } from "@/components/ui/button";

// A modal confirmation on the native <dialog>: focus moves in and is trapped, Escape cancels, and
// focus returns to the button that opened it.
export function ConfirmDialog({ open, title, confirmLabel, tone = "primary", pending, onConfirm, onCancel, children }: {
  open: boolean;
  title: string;
  confirmLabel: string;
  tone?: "primary" | "danger";
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="w-full max-w-md rounded-xl border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      <form
        method="dialog"
        className="space-y-4 p-5"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <h2 id={titleId} className="text-base font-semibold text-slate-900">{title}</h2>
        <div className="space-y-3 text-sm text-slate-700">{children}</div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onCancel} disabled={pending}>Cancel</Button>
          <Button type="submit" variant={tone === "danger" ? "danger" : "primary"} disabled={pending}>{confirmLabel}</Button>
        </div>
      </form>
    </dialog>
  );
}
