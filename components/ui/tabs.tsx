"use client";

import { parseAsStringLiteral, useQueryState } from "nuqs";
import { useId, useRef } from "react";

// Tabs whose selection is in the URL (?tab=…, through nuqs), so a link or a reload opens the same
// tab. ARIA tabs pattern: one tab stop, arrow keys / Home / End move between tabs, the panel is
// labelled by its tab. Panels come in as server-rendered nodes; all stay mounted and the others are
// hidden, so what a user typed in one tab (an unsaved edit) survives a look at another, and a
// mutation in one invalidates queries the others already hold.
// Client component: it reads and writes the URL.
export interface TabItem<V extends string = string> {
  value: V;
  label: string;
  content: React.ReactNode;
}

export function Tabs<V extends string>({ items, param = "tab", label }: { items: readonly TabItem<V>[]; param?: string; label: string }) {
  const values = items.map((i) => i.value);
  const [selected, setSelected] = useQueryState(param, parseAsStringLiteral(values).withDefault(values[0]!).withOptions({ history: "push" }));
  const ids = useId();
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const current = items.find((i) => i.value === selected) ?? items[0]!;

  function onKeyDown(e: React.KeyboardEvent, index: number) {
    const last = items.length - 1;
    const next = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    void setSelected(items[next]!.value);
    refs.current[next]?.focus();
  }

  return (
    <div>
      <div role="tablist" aria-label={label} className="flex gap-1 overflow-x-auto border-b border-slate-200">
        {items.map((item, index) => {
          const active = item.value === current.value;
          return (
            <button
              key={item.value}
              ref={(el) => {
                refs.current[index] = el;
              }}
              type="button"
              role="tab"
              id={`${ids}-tab-${item.value}`}
              aria-selected={active}
              aria-controls={`${ids}-panel-${item.value}`}
              tabIndex={active ? 0 : -1}
              onClick={() => void setSelected(item.value)}
              onKeyDown={(e) => onKeyDown(e, index)}
              className={`-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium transition-colors ${
                active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
              }`}
            >
              {item.label}
            </button>
          );
        })}
      </div>
      {items.map((item) => (
        <div
          key={item.value}
          role="tabpanel"
          id={`${ids}-panel-${item.value}`}
          aria-labelledby={`${ids}-tab-${item.value}`}
          hidden={item.value !== current.value}
          tabIndex={0}
          className="pt-5 outline-none"
        >
          {item.content}
        </div>
      ))}
    </div>
  );
}
