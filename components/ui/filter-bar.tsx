"use client";

import { useEffect, useId, useState } from "react";
import { Button } from "./button";
import { controlClass } from "./field";
import { PERIOD_LABELS, PERIOD_PRESETS, periodKeys, type FilterOption, type FilterSpec, type PeriodPreset } from "./filters";
import { useFilters } from "./use-filters";

// The row of filters above a table or a set of charts. Its state is the URL (useFilters, nuqs):
// a filtered view can be shared, bookmarked and reloaded, and the server renders it. Controls are
// native (select, date, checkbox) so keyboard, screen reader and mobile behaviour come from the
// platform. Client component: it writes the URL.
export function FilterBar({ specs, shallow, label = "Filters" }: { specs: readonly FilterSpec[]; shallow?: boolean; label?: string }) {
  const filters = useFilters(specs, { shallow });
  return (
    <search aria-label={label} aria-busy={filters.pending || undefined} className="flex flex-wrap items-end gap-3">
      {specs.map((spec) => {
        switch (spec.kind) {
          case "search":
            return <SearchBox key={spec.key} spec={spec} value={String(filters.values[spec.key] ?? "")} onChange={(v) => filters.set({ [spec.key]: v || null }, { typing: true })} />;
          case "select":
            return (
              <Labelled key={spec.key} label={spec.label}>
                {(id) => (
                  <select
                    id={id}
                    value={String(filters.values[spec.key] ?? "")}
                    onChange={(e) => filters.set({ [spec.key]: e.target.value || null })}
                    className={`${controlClass} border-slate-300 py-1.5 pr-8`}
                  >
                    <option value="">All</option>
                    {spec.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                  </select>
                )}
              </Labelled>
            );
          case "multi":
            return (
              <MultiSelect
                key={spec.key}
                label={spec.label}
                options={spec.options}
                value={(filters.values[spec.key] as string[] | undefined) ?? []}
                onChange={(v) => filters.set({ [spec.key]: v.length ? v : null })}
              />
            );
          case "period":
            return <PeriodPicker key={spec.key} spec={spec} values={filters.values} onChange={(patch) => filters.set(patch)} />;
        }
      })}
      <div className="flex h-9 items-center gap-3">
        {filters.active ? (
          <Button variant="ghost" size="sm" onClick={filters.clear}>
            Clear filters
          </Button>
        ) : null}
        <span role="status" className="text-xs text-slate-500">{filters.pending ? "Updating…" : null}</span>
      </div>
    </search>
  );
}

function Labelled({ label, children }: { label: string; children: (id: string) => React.ReactNode }) {
  const id = useId();
  return (
    <div className="min-w-36 space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">{label}</label>
      {children(id)}
    </div>
  );
}

// The input keeps its own text while typing; the URL (and the server) follow after a pause.
// "Clear filters" empties the URL value, and the text follows it.
function SearchBox({ spec, value, onChange }: { spec: Extract<FilterSpec, { kind: "search" }>; value: string; onChange: (v: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    if (value === "") setText("");
  }, [value]);
  return (
    <Labelled label={spec.label}>
      {(id) => (
        <input
          id={id}
          type="search"
          value={text}
          placeholder={spec.placeholder}
          onChange={(e) => {
            setText(e.target.value);
            onChange(e.target.value.trim());
          }}
          className={`${controlClass} w-56 border-slate-300 py-1.5`}
        />
      )}
    </Labelled>
  );
}

// Several values of one dimension (bands, reps): a button that opens a checkbox list as a native
// popover (light dismiss and Escape from the platform), anchored under the button with CSS anchor
// positioning.
function MultiSelect({ label, options, value, onChange }: {
  label: string;
  options: readonly FilterOption[];
  value: string[];
  onChange: (next: string[]) => void;
}) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const popoverId = `multi-${id}`;
  const anchor = `--multi-${id}`;
  const chosen = options.filter((o) => value.includes(o.value));
  const summary = chosen.length === 0 ? "All" : chosen.length <= 2 ? chosen.map((o) => o.label).join(", ") : `${chosen.length} selected`;
  return (
    <div className="space-y-1">
      <span id={`${popoverId}-label`} className="block text-xs font-medium text-slate-600">{label}</span>
      <button
        type="button"
        popoverTarget={popoverId}
        aria-labelledby={`${popoverId}-label ${popoverId}-value`}
        style={{ anchorName: anchor } as React.CSSProperties}
        className={`${controlClass} flex min-w-36 items-center justify-between gap-2 border-slate-300 py-1.5 text-left`}
      >
        <span id={`${popoverId}-value`} className="truncate">{summary}</span>
        <svg aria-hidden="true" viewBox="0 0 12 12" className="size-3 shrink-0 text-slate-500" fill="currentColor"><path d="M6 8.5 2.5 4.5h7Z" /></svg>
      </button>
      <div
        id={popoverId}
        popover="auto"
        style={{ positionAnchor: anchor } as React.CSSProperties}
        className="ui-anchored-popover m-0 w-60 rounded-lg border border-slate-200 bg-white p-2 text-sm shadow-lg"
      >
        <fieldset>
          <legend className="sr-only">{label}</legend>
          <div className="max-h-64 space-y-0.5 overflow-y-auto">
            {options.map((o) => (
              <label key={o.value} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 hover:bg-slate-50">
                <input
                  type="checkbox"
                  checked={value.includes(o.value)}
                  onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
                  className="size-4 accent-brand-600"
                />
                {o.label}
              </label>
            ))}
          </div>
        </fieldset>
        {value.length ? (
          <button type="button" onClick={() => onChange([])} className="mt-1 w-full rounded px-2 py-1.5 text-left text-sm font-medium text-brand-700 hover:bg-slate-50">
            Clear {label.toLowerCase()}
          </button>
        ) : null}
      </div>
    </div>
  );
}

function PeriodPicker({ spec, values, onChange }: {
  spec: Extract<FilterSpec, { kind: "period" }>;
  values: Record<string, unknown>;
  onChange: (patch: Record<string, unknown>) => void;
}) {
  const keys = periodKeys(spec.key);
  const preset = (values[spec.key] as PeriodPreset | undefined) ?? spec.defaultPreset;
  const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : "");
  const date = (s: string) => (s ? new Date(`${s}T00:00:00Z`) : null);
  return (
    <>
      <Labelled label={spec.label}>
        {(id) => (
          <select
            id={id}
            value={preset}
            onChange={(e) => {
              const next = e.target.value as PeriodPreset;
              onChange(next === "custom" ? { [spec.key]: next } : { [spec.key]: next, [keys.from]: null, [keys.to]: null });
            }}
            className={`${controlClass} border-slate-300 py-1.5 pr-8`}
          >
            {PERIOD_PRESETS.map((p) => <option key={p} value={p}>{PERIOD_LABELS[p]}</option>)}
          </select>
        )}
      </Labelled>
      {preset === "custom" ? (
        <>
          <Labelled label="From">
            {(id) => (
              <input id={id} type="date" value={day(values[keys.from])} max={day(values[keys.to]) || undefined}
                onChange={(e) => onChange({ [keys.from]: date(e.target.value) })} className={`${controlClass} border-slate-300 py-1.5`} />
            )}
          </Labelled>
          <Labelled label="To">
            {(id) => (
              <input id={id} type="date" value={day(values[keys.to])} min={day(values[keys.from]) || undefined}
                onChange={(e) => onChange({ [keys.to]: date(e.target.value) })} className={`${controlClass} border-slate-300 py-1.5`} />
            )}
          </Labelled>
        </>
      ) : null}
    </>
  );
}
