"use client";

import { useEffect, useId, useRef, useState } from "react";
import { FLAG_KINDS, FLAG_KIND_LABELS, type FlagKindName } from "@/lib/flags/kinds";

// The flag form, for a new flag and for editing one's own open flag. Focus moves into it when it
// opens; Escape closes it like Cancel (the caller puts focus back on the button that opened it).
export function FlagForm(props: {
  label: string;
  submitLabel: string;
  initialKind?: FlagKindName;
  initialComment?: string;
  pending: boolean;
  error: string | null;
  onSubmit(kind: FlagKindName, comment: string): void;
  onCancel(): void;
}) {
  const [kind, setKind] = useState<FlagKindName | null>(props.initialKind ?? null);
  const [comment, setComment] = useState(props.initialComment ?? "");
  const ids = useId();
  const first = useRef<HTMLInputElement | null>(null);
  const checked = useRef<HTMLInputElement | null>(null);

  useEffect(() => {
    (checked.current ?? first.current)?.focus();
  }, []);

  return (
    <form
      aria-label={props.label}
      className="space-y-3 rounded-lg border border-slate-200 p-3"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          props.onCancel();
        }
      }}
      onSubmit={(e) => {
        e.preventDefault();
        if (kind && !props.pending) props.onSubmit(kind, comment);
      }}
    >
      <fieldset>
        <legend className="mb-1 font-semibold text-slate-900">What is wrong?</legend>
        <div className="space-y-1">
          {FLAG_KINDS.map((k, i) => (
            <label key={k} className="flex cursor-pointer items-center gap-2">
              <input
                ref={(el) => {
                  if (i === 0) first.current = el;
                  if (k === props.initialKind) checked.current = el;
                }}
                type="radio"
                name={`${ids}-kind`}
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
                className="accent-brand-600"
              />
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
          rows={2}
          className="w-full rounded-md border border-slate-300 p-2"
          placeholder="What do you know that the score does not?"
        />
      </div>
      {props.error && <p role="alert" className="text-red-700">{props.error}</p>}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={!kind || props.pending}
          className="flex-1 rounded-md bg-brand-600 px-3 py-2 font-medium text-white hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {props.pending ? "Sending…" : props.submitLabel}
        </button>
        <button type="button" onClick={props.onCancel} className="rounded-md px-3 py-2 font-medium text-slate-700 hover:bg-slate-100">
          Cancel
        </button>
      </div>
    </form>
  );
}
