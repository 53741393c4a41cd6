// A KPI tile: what is measured, the figure, how it moved, and one line on how to read it. The
// delta says in words whether the move is good (`goodWhen`), because colour alone says nothing
// to a screen reader or a colour-blind manager.
export interface StatDelta {
  value: number;
  // Formatted for display, e.g. "+4.2 pts" or "−12 %"; defaults to the signed number.
  label?: string;
  goodWhen?: "up" | "down";
  // What the delta compares against, e.g. "vs previous 30 days".
  comparedTo?: string;
}

export function Stat({ label, value, delta, help, loading = false }: {
  label: string;
  value: React.ReactNode;
  delta?: StatDelta;
  help?: React.ReactNode;
  loading?: boolean;
}) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm" aria-busy={loading || undefined}>
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-2">
        {loading ? (
          <span aria-hidden="true" className="block h-8 w-24 animate-pulse rounded bg-slate-200/80" />
        ) : (
          <span className="text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</span>
        )}
        {delta && !loading ? <Delta delta={delta} /> : null}
        {help ? <span className="mt-2 block text-xs text-slate-600">{help}</span> : null}
      </dd>
    </div>
  );
}

function Delta({ delta }: { delta: StatDelta }) {
  const direction = delta.value > 0 ? "up" : delta.value < 0 ? "down" : "flat";
  const good = direction === "flat" ? null : direction === (delta.goodWhen ?? "up");
  const tone = good === null ? "text-slate-600" : good ? "text-emerald-700" : "text-red-700";
  const arrow = direction === "up" ? "↑" : direction === "down" ? "↓" : "→";
  const text = delta.label ?? `${delta.value > 0 ? "+" : ""}${delta.value}`;
  const verdict = good === null ? "unchanged" : good ? "an improvement" : "a decline";
  return (
    <span className={`mt-1 flex items-center gap-1 text-sm font-medium ${tone}`}>
      <span aria-hidden="true">{arrow}</span>
      <span>{text}</span>
      {delta.comparedTo ? <span className="font-normal text-slate-500">{delta.comparedTo}</span> : null}
      <span className="sr-only">({verdict})</span>
    </span>
  );
}

// Tiles are a description list: label and value stay paired for assistive technology.
export function StatGrid({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <dl aria-label={label} className="grid grid-cols-[repeat(auto-fit,minmax(14rem,1fr))] gap-4">
      {children}
    </dl>
  );
}
