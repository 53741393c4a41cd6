// How the panel accounts for every point of a score in a small frame: the typical record's score,
// the strongest reasons up front, the rest listed on demand with the smallest grouped, and any
// points the model did not itemise (ingested scores whose reasons do not add up) named as such.
// Always: typical + Σ top + Σ more + Σ tail + unitemised === value, and tail.points is Σ tail.

export interface PointsItem {
  feature: string;
  text: string;
  points: number;
}

export interface PointsBreakdown {
  value: number;
  typical: number;
  /** Shown without a click: the strongest reasons, either way. */
  top: PointsItem[];
  /** Listed one by one when the rep opens "all factors". */
  more: PointsItem[];
  /** Small factors grouped under one line that says how many there are and what they add. */
  tail: null | { count: number; points: number; items: PointsItem[] };
  /** Points no listed reason accounts for: only scores sent by a tenant's own model can have them. */
  unitemised: number;
}

export const TOP_REASONS = 3;
/** Reasons worth at most this many points join the grouped tail when there are two or more. */
export const TAIL_MAX_POINTS = 2;

const bySize = (a: PointsItem, b: PointsItem) => Math.abs(b.points) - Math.abs(a.points) || a.feature.localeCompare(b.feature);
const total = (items: PointsItem[]) => items.reduce((s, i) => s + i.points, 0);

export function breakdown(value: number, typical: number, reasons: readonly PointsItem[]): PointsBreakdown {
  const listed = reasons.filter((r) => r.points !== 0).sort(bySize);
  const top = listed.slice(0, TOP_REASONS);
  const rest = listed.slice(TOP_REASONS);
  const small = rest.filter((r) => Math.abs(r.points) <= TAIL_MAX_POINTS);
  const grouped = small.length >= 2;
  const more = grouped ? rest.filter((r) => Math.abs(r.points) > TAIL_MAX_POINTS) : rest;
  return {
    value,
    typical,
    top,
    more,
    tail: grouped ? { count: small.length, points: total(small), items: small } : null,
    unitemised: value - typical - total(listed),
  };
}

/** The typical score plus every reason the rep can open: equal to the value unless points are unitemised. */
export function listedPoints(b: PointsBreakdown): number {
  return b.typical + total(b.top) + total(b.more) + total(b.tail?.items ?? []);
}
