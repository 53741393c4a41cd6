"use client";

import { debounce, parseAsString, useQueryStates, type ParserMap } from "nuqs";
import { useMemo, useTransition } from "react";
import { parsersFor, periodKeys, type FilterSpec } from "./filters";

// The URL state behind a FilterBar (nuqs). `shallow: false` (the default) re-renders the page's
// server components when a filter changes, inside a transition so the current view stays until
// the new one is ready; `shallow: true` is for pages whose data TanStack Query fetches with the
// filter values in its query key. Changing any filter resets `resets` (the page number).
export function useFilters(specs: readonly FilterSpec[], { shallow = false, resets = ["page"] }: { shallow?: boolean; resets?: readonly string[] } = {}) {
  const [pending, startTransition] = useTransition();
  const parsers = useMemo<ParserMap>(
    () => Object.assign(Object.fromEntries(resets.map((k) => [k, parseAsString])), ...specs.map(parsersFor)),
    [specs, resets],
  );
  const [values, setValues] = useQueryStates(parsers, { shallow, startTransition: shallow ? undefined : startTransition });

  const resetValues = useMemo(() => Object.fromEntries(resets.map((k) => [k, null])), [resets]);
  const set = (patch: Record<string, unknown>, opts: { typing?: boolean } = {}) =>
    setValues(
      { ...patch, ...resetValues },
      // Typing in a search box updates the URL (and the server) once the user pauses.
      opts.typing ? { limitUrlUpdates: debounce(300) } : undefined,
    );

  const clear = () =>
    set(
      Object.fromEntries(
        specs.flatMap((s) => (s.kind === "period" ? [s.key, periodKeys(s.key).from, periodKeys(s.key).to] : [s.key])).map((k) => [k, null]),
      ),
    );

  const active = specs.some((s) => {
    const v = values[s.key];
    if (s.kind === "period") return v !== s.defaultPreset;
    if (Array.isArray(v)) return v.length > 0;
    return v !== null && v !== "";
  });

  return { values: values as Record<string, unknown>, set, clear, active, pending };
}
