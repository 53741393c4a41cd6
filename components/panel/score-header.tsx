import type { InsightDto, ScoreDto } from "@/lib/records/insight";
import { absoluteTime, ageOf, relativeTime, shortDate } from "./format";

const BAND_STYLES: Record<string, string> = {
  A: "bg-emerald-50 text-band-a ring-emerald-200",
  B: "bg-brand-50 text-band-b ring-brand-100",
  C: "bg-amber-50 text-band-c ring-amber-200",
  D: "bg-slate-100 text-band-d ring-slate-200",
};

// A score set by hand stands in front of the model's while it lasts: the tile shows it, and a note
// says who set it, why, until when, and what the model says.
export function ScoreHeader({ record, score, stale, override }: {
  record: InsightDto["record"];
  score: ScoreDto;
  stale: InsightDto["stale"];
  override: InsightDto["override"];
}) {
  const shown = override ?? score;
  const band = BAND_STYLES[shown.band] ?? BAND_STYLES.D;
  return (
    <header className="space-y-2">
      <div className="flex items-start gap-3">
        <div
          className={`flex h-14 w-14 shrink-0 flex-col items-center justify-center rounded-xl ring-1 ${band}`}
          aria-label={`Score ${shown.value} out of 100`}
        >
          {/* Element Timing: when the score is painted (bench:api reads it; so can real-user monitoring). */}
          <span elementtiming="candor-score" className="text-2xl font-bold leading-none tabular-nums">{shown.value}</span>
          <span className="mt-0.5 text-[10px] font-medium uppercase">of 100</span>
        </div>
        <div className="min-w-0 flex-1">
          <h1 className="truncate font-semibold text-slate-900" title={record.name}>
            {record.name} <span className="sr-only">· Candor {record.objectType.toLowerCase()} score</span>
          </h1>
          <p className="font-medium text-slate-900">
            <span className={`mr-1.5 inline-block rounded px-1.5 py-px text-xs ring-1 ${band}`}>Band {shown.band}</span>
            {shown.bandLabel}
          </p>
          {override ? (
            <p className="mt-0.5 text-sm leading-snug text-slate-600" data-testid="override">
              Set by hand by {override.setBy} until {shortDate(override.expiresAt)}: “{override.reason}”. The model scores {score.value}.
            </p>
          ) : (
            <p className="mt-0.5 text-sm leading-snug text-slate-600">{score.meaning}</p>
          )}
        </div>
      </div>
      <p className="text-xs text-slate-500">
        Scored <time dateTime={score.computedAt} title={absoluteTime(score.computedAt)}>{relativeTime(score.computedAt)}</time>
        {" "}by model <span className="font-medium text-slate-700">{score.model.version}</span>
        {score.model.coldStart && <span className="ml-1 rounded bg-amber-100 px-1 py-0.5 font-medium text-amber-800">cold start</span>}
      </p>
      {stale && (
        <div role="note" className="rounded-md bg-amber-50 px-2 py-1.5 text-xs text-amber-900" data-testid="stale-score">
          <p className="font-semibold">Out of date: this score is {ageOf(stale.computedAt)} old.</p>
          {stale.because.map((b) => <p key={b}>{b}</p>)}
        </div>
      )}
    </header>
  );
}
