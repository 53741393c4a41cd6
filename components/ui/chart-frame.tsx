import { Skeleton } from "./skeleton";

// The card every chart sits in: title, one sentence on how to read it, a legend, and the states
// a chart can be in (loading, empty with what to do, ready). The drawing is hidden from assistive
// technology and `table` gives the same numbers as a visually hidden table, which is the chart's
// text alternative (a screen reader user gets every value, not a picture description). Server
// component: the chart inside is the client part.
export interface ChartTable {
  columns: string[];
  rows: Array<Array<string | number>>;
}

export function ChartFrame({ title, description, legend, actions, loading = false, empty, table, height = 240, children }: {
  title: string;
  description?: React.ReactNode;
  legend?: React.ReactNode;
  actions?: React.ReactNode;
  loading?: boolean;
  // Shown instead of the chart when set: say why there is nothing and what would fill it.
  empty?: React.ReactNode;
  table: ChartTable;
  height?: number;
  children: React.ReactNode;
}) {
  const headingId = `chart-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section aria-labelledby={headingId} aria-busy={loading || undefined} className="flex flex-col rounded-xl border border-slate-200 bg-white shadow-sm">
      <header className="flex items-start justify-between gap-4 px-5 pt-4">
        <div className="min-w-0">
          <h2 id={headingId} className="text-base font-semibold text-slate-900">{title}</h2>
          {description ? <p className="mt-0.5 text-slate-600">{description}</p> : null}
        </div>
        {actions}
      </header>
      {legend && !empty && !loading ? <div className="px-5 pt-3">{legend}</div> : null}
      <div className="px-5 pb-5 pt-4" style={{ minHeight: height }}>
        {loading ? (
          <Skeleton className="h-full w-full" />
        ) : empty ? (
          <div className="flex h-full items-center justify-center" style={{ minHeight: height }}>{empty}</div>
        ) : (
          <>
            <div aria-hidden="true" style={{ height }}>{children}</div>
            <table className="sr-only">
              <caption>{title}</caption>
              <thead>
                <tr>{table.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
              </thead>
              <tbody>
                {table.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) => (j === 0 ? <th key={j} scope="row">{cell}</th> : <td key={j}>{cell}</td>))}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </div>
    </section>
  );
}

// A row of coloured keys for the series of a chart; meaning never rests on colour alone, so the
// label is always written out.
export function ChartLegend({ items }: { items: Array<{ label: string; color: string }> }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="size-2.5 rounded-sm" style={{ backgroundColor: item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
