import {
  parseAsArrayOf,
  parseAsIsoDate,
  parseAsString,
  parseAsStringLiteral,
  type ParserBuilder,
  type ParserMap,
} from "nuqs/server";

// Filters that live in the URL, defined once per page and used on both sides: the server page
// parses its searchParams with `createLoader(filters.parsers)` (nuqs/server) and queries with the
// typed values; <FilterBar specs={filters.specs}> draws the controls and writes the same keys.
// The specs are plain data (they cross the server → client boundary as props); the parsers are
// rebuilt from them with parsersFor, so the two sides cannot disagree about a key.

export interface FilterOption<V extends string = string> {
  value: V;
  label: string;
}

export const PERIOD_PRESETS = ["7d", "30d", "90d", "12m", "all", "custom"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];
export const PERIOD_LABELS: Record<PeriodPreset, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  "12m": "Last 12 months",
  all: "All time",
  custom: "Custom range",
};

export type FilterSpec =
  | { kind: "select"; key: string; label: string; options: readonly FilterOption[] }
  | { kind: "multi"; key: string; label: string; options: readonly FilterOption[] }
  // The preset lives in `key`, a custom range in `${key}From` / `${key}To` (ISO dates).
  | { kind: "period"; key: string; label: string; defaultPreset: PeriodPreset }
  | { kind: "search"; key: string; label: string; placeholder?: string };

export function periodKeys(key: string) {
  return { from: `${key}From`, to: `${key}To` };
}

// The nuqs parsers of one filter. Unknown values in the URL parse as "no filter", never as a
// value the server would have to reject.
export function parsersFor(spec: FilterSpec): ParserMap {
  switch (spec.kind) {
    case "select":
      return { [spec.key]: parseAsStringLiteral(spec.options.map((o) => o.value)) };
    case "multi":
      return { [spec.key]: parseAsArrayOf(parseAsStringLiteral(spec.options.map((o) => o.value))).withDefault([]) };
    case "period": {
      const keys = periodKeys(spec.key);
      return {
        [spec.key]: parseAsStringLiteral(PERIOD_PRESETS).withDefault(spec.defaultPreset),
        [keys.from]: parseAsIsoDate,
        [keys.to]: parseAsIsoDate,
      };
    }
    case "search":
      return { [spec.key]: parseAsString.withDefault("") };
  }
}

interface FilterDef<P> {
  spec: FilterSpec;
  parsers: P;
}

type WithDefault<P> = ParserBuilder<P> & { readonly defaultValue: P };

export function selectFilter<const K extends string, const V extends string>(key: K, label: string, options: readonly FilterOption<V>[]) {
  const spec: FilterSpec = { kind: "select", key, label, options };
  return { spec, parsers: parsersFor(spec) as Record<K, ParserBuilder<V>> };
}

export function multiFilter<const K extends string, const V extends string>(key: K, label: string, options: readonly FilterOption<V>[]) {
  const spec: FilterSpec = { kind: "multi", key, label, options };
  return { spec, parsers: parsersFor(spec) as Record<K, WithDefault<V[]>> };
}

export function periodFilter<const K extends string>(key: K, label: string, defaultPreset: PeriodPreset = "30d") {
  const spec: FilterSpec = { kind: "period", key, label, defaultPreset };
  return { spec, parsers: parsersFor(spec) as Record<K, WithDefault<PeriodPreset>> & Record<`${K}From` | `${K}To`, ParserBuilder<Date>> };
}

export function searchFilter<const K extends string>(key: K, label: string, placeholder?: string) {
  const spec: FilterSpec = { kind: "search", key, label, placeholder };
  return { spec, parsers: parsersFor(spec) as Record<K, WithDefault<string>> };
}

type Merge<T> = (T extends unknown ? (x: T) => void : never) extends (x: infer I) => void ? I : never;

export function defineFilters<const D extends readonly FilterDef<ParserMap>[]>(defs: D) {
  return {
    specs: defs.map((d) => d.spec),
    parsers: Object.assign({}, ...defs.map((d) => d.parsers)) as Merge<D[number]["parsers"]>,
  };
}

// The time window a period filter stands for, in UTC. `now` is passed in (the page's request
// time, or a test's fixed instant) rather than read here. A custom range's days are whole days;
// an inverted one is swapped, one without an end runs to now. `start` null: no lower bound.
export function resolvePeriod(
  preset: PeriodPreset,
  custom: { from: Date | null; to: Date | null },
  now: Date,
): { start: Date | null; end: Date } {
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
  switch (preset) {
    case "7d":
      return { start: daysAgo(7), end: now };
    case "30d":
      return { start: daysAgo(30), end: now };
    case "90d":
      return { start: daysAgo(90), end: now };
    case "12m": {
      const start = new Date(now);
      start.setUTCFullYear(start.getUTCFullYear() - 1);
      return { start, end: now };
    }
    case "all":
      return { start: null, end: now };
    case "custom": {
      const endOfDay = (d: Date) => new Date(d.getTime() + 86_400_000 - 1);
      let { from, to } = custom;
      if (from && to && from > to) [from, to] = [to, from];
      // An open range that starts after now covers its first day rather than ending before it starts.
      if (from && !to && from > now) return { start: from, end: endOfDay(from) };
      return { start: from, end: to ? endOfDay(to) : now };
    }
  }
}
