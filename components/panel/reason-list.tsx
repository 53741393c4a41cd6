import type { PointsBreakdown, PointsItem } from "@/lib/scoring/breakdown";
import { plural, signedPoints } from "./format";

function ReasonRow({ reason }: { reason: PointsItem }) {
  const up = reason.points > 0;
  return (
    <li className="flex items-start justify-between gap-3">
      <span className="flex min-w-0 items-start gap-2">
        <span aria-hidden className={up ? "text-emerald-600" : "text-rose-600"}>{up ? "▲" : "▼"}</span>
        <span>{reason.text}</span>
      </span>
      <span className={`shrink-0 font-semibold tabular-nums ${up ? "text-emerald-700" : "text-rose-700"}`} aria-label={`${signedPoints(reason.points)} points`}>
        {signedPoints(reason.points)}
      </span>
    </li>
  );
}

const sum = (items: PointsItem[]) => items.reduce((s, i) => s + i.points, 0);

// The sentence under the reasons that accounts for every point: typical + listed (+ unitemised) = score.
function arithmetic(points: PointsBreakdown, noun: string): string {
  const all = [...points.top, ...points.more, ...(points.tail?.items ?? [])];
  const typical = `A typical ${noun} scores ${points.typical}`;
  if (all.length === 0 && points.unitemised === 0) {
    return `No single factor moves this ${noun}’s score by a whole point, so it scores what a typical ${noun} scores: ${points.value}.`;
  }
  const listed = `${all.length === 1 ? "the factor above adds" : `the ${all.length} factors listed add`} ${signedPoints(sum(all))}`;
  if (points.unitemised === 0) return `${typical}; ${listed}: ${points.value}.`;
  const rest = `the model that sent this score did not break down ${signedPoints(points.unitemised)}`;
  return all.length === 0 ? `${typical}; ${rest}: ${points.value}.` : `${typical}; ${listed}, and ${rest}: ${points.value}.`;
}

export function ReasonList({ points, noun, heading }: { points: PointsBreakdown; noun: string; heading: string }) {
  const restCount = points.more.length + (points.tail?.count ?? 0);
  const restPoints = sum(points.more) + (points.tail?.points ?? 0);
  return (
    <section aria-labelledby="reasons-heading" className="space-y-2 border-t border-slate-100 pt-2">
      <h2 id="reasons-heading" className="font-semibold text-slate-900">{heading}</h2>
      {points.top.length > 0 && (
        <ul className="space-y-1" data-testid="top-reasons">
          {points.top.map((r) => <ReasonRow key={r.feature} reason={r} />)}
        </ul>
      )}
      {restCount > 0 && (
        <details className="group" data-testid="more-reasons">
          <summary className="cursor-pointer list-none text-sm font-medium text-brand-700 hover:underline [&::-webkit-details-marker]:hidden">
            <span aria-hidden className="mr-1 inline-block transition-transform group-open:rotate-90">▸</span>
            {plural(restCount, "more factor", "more factors")}, {signedPoints(restPoints)} in all
          </summary>
          <ul className="mt-1 space-y-1">
            {points.more.map((r) => <ReasonRow key={r.feature} reason={r} />)}
            {points.tail && (
              <li>
                <details className="group/tail" data-testid="reason-tail">
                  <summary className="flex cursor-pointer list-none justify-between gap-3 [&::-webkit-details-marker]:hidden">
                    <span>
                      <span aria-hidden className="mr-1 inline-block text-slate-400 transition-transform group-open/tail:rotate-90">▸</span>
                      {points.tail.count} smaller factors
                    </span>
                    <span className="shrink-0 font-semibold tabular-nums text-slate-700" aria-label={`${signedPoints(points.tail.points)} points in all`}>
                      {signedPoints(points.tail.points)}
                    </span>
                  </summary>
                  <ul className="mt-1 space-y-1 border-l-2 border-slate-100 pl-3">
                    {points.tail.items.map((r) => <ReasonRow key={r.feature} reason={r} />)}
                  </ul>
                </details>
              </li>
            )}
          </ul>
        </details>
      )}
      <p className="text-xs text-slate-500" data-testid="score-arithmetic">{arithmetic(points, noun)}</p>
    </section>
  );
}
