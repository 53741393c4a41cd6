import type { InsightDto } from "@/lib/records/insight";
import { absoluteTime, relativeTime } from "./format";

const BAND_STYLES: Record<string, string> = {
  A: "bg-emerald-50 text-band-a ring-emerald-200",
  B: "bg-brand-50 text-band-b ring-brand-100",
  C: "bg-amber-50 text-band-c ring-amber-200",
  D: "bg-slate-100 text-band-d ring-slate-200",
};

type Score = NonNullable<InsightDto["score"]>;

export function ScoreHeader({ record, score }: { record: InsightDto["record"]; score: Score }) {
  const band = BAND_STYLES[score.band] ?? BAND_STYLES.D;
  return (
    <header className="space-y-3">
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Candor · {record.objectType} score</p>
        <h1 className="truncate text-base font-semibold text-slate-900" title={record.name}>{record.name}</h1>
      </div>
      <div className="flex items-center gap-4">
        <div
          className={`flex h-16 w-16 shrink-0 flex-col items-center justify-center rounded-xl ring-1 ${band}`}
          aria-label={`Score ${score.value} out of 100`}
        >
          <span className="text-3xl font-bold leading-none tabular-nums">{score.value}</span>
          <span className="mt-0.5 text-[10px] font-medium uppercase">of 100</span>
        </div>
        <div className="min-w-0">
          <p className="font-semibold text-slate-900">
            <span className={`mr-2 inline-block rounded px-1.5 py-0.5 text-xs ring-1 ${band}`}>Band {score.band}</span>
            {score.bandLabel}
          </p>
          <p className="mt-1 leading-snug text-slate-600">{score.meaning}</p>
        </div>
      </div>
      <p className="text-xs text-slate-500">
        Scored <time dateTime={score.computedAt} title={absoluteTime(score.computedAt)}>{relativeTime(score.computedAt)}</time>
        {" "}by model <span className="font-medium text-slate-700">{score.model.version}</span>
        {score.model.coldStart && (
          <span className="ml-1 rounded bg-amber-100 px-1 py-0.5 font-medium text-amber-800">cold start</span>
        )}
      </p>
    </header>
  );
}
