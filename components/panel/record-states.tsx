import type { InsightDto } from "@/lib/records/insight";
import { PanelFrame } from "./panel-states";
import { shortDate } from "./format";
import { SummaryCard } from "./summary-card";

// A record Candor has but shows no score for: closed (won, lost, already a customer) or not
// scored yet. Each says why in words that fit the record, and what happens next if anything does.
export function UnscoredRecord({ data }: { data: InsightDto }) {
  const { record, status } = data;
  if (status.kind === "scored") return null;
  return (
    <PanelFrame label={`Candor for ${record.name}`}>
      <header>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Candor · {record.objectType}</p>
        <h1 className="truncate text-base font-semibold text-slate-900" title={record.name}>{record.name}</h1>
      </header>
      <section role="status" className="rounded-lg border border-dashed border-slate-300 p-3 text-slate-600" data-testid="record-state">
        {status.kind === "closed" ? (
          <>
            <h2 className="font-semibold text-slate-800">Not scored</h2>
            <p className="mt-1">
              Not scored, because {status.because}
              {status.closedAt ? ` on ${shortDate(status.closedAt)}` : ""}.
            </p>
            <p className="mt-1 text-xs">{status.note}</p>
            {status.lastScore && (
              <p className="mt-1 text-xs">
                Its last score while open was {status.lastScore.value} ({shortDate(status.lastScore.computedAt)}).
              </p>
            )}
          </>
        ) : (
          <>
            <h2 className="font-semibold text-slate-800">Not scored yet</h2>
            <p className="mt-1">Not scored yet, because {status.because}.</p>
            <p className="mt-1 text-xs">{status.next}</p>
          </>
        )}
      </section>
      {data.summary && <SummaryCard summary={data.summary} />}
    </PanelFrame>
  );
}
