"use client";

import { createContext, useContext, useId } from "react";

// Form primitives. A Field owns the label, the hint and the error, and hands their ids to the
// control inside it through context, so every input is labelled and described the same way
// without each form wiring ids by hand. Client component because of that context.

interface FieldIds {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
}

const FieldContext = createContext<FieldIds | null>(null);

export const controlClass =
  "block w-full rounded-md border bg-white px-3 py-2 text-slate-900 shadow-xs placeholder:text-slate-400 disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500";
const borders = (invalid: boolean) => (invalid ? "border-red-400 focus-visible:outline-red-600" : "border-slate-300");

export function Field({ label, hint, error, optional = false, className = "", children }: {
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string | null;
  optional?: boolean;
  className?: string;
  children: React.ReactNode;
}) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`space-y-1.5 ${className}`}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {optional ? <span className="font-normal text-slate-500"> (optional)</span> : null}
      </label>
      <FieldContext.Provider value={{ id, describedBy, invalid: Boolean(error) }}>{children}</FieldContext.Provider>
      {hint ? <p id={hintId} className="text-xs text-slate-600">{hint}</p> : null}
      {error ? <p id={errorId} className="text-xs font-medium text-red-700">{error}</p> : null}
    </div>
  );
}

// Outside a Field the control keeps the id and aria attributes its caller gave it.
function useFieldProps<P extends { className?: string; id?: string }>(props: P, extraClass = ""): P {
  const field = useContext(FieldContext);
  const className = `${controlClass} ${borders(field?.invalid ?? false)} ${extraClass} ${props.className ?? ""}`;
  if (!field) return { ...props, className };
  return { ...props, id: field.id, "aria-describedby": field.describedBy, "aria-invalid": field.invalid || undefined, className };
}

export function Input(props: React.InputHTMLAttributes<HTMLInputElement>) {
  return <input {...useFieldProps(props)} />;
}

export function Select(props: React.SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...useFieldProps(props, "pr-8")} />;
}

export function Textarea(props: React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea {...useFieldProps(props)} />;
}
