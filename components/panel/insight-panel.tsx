"use client";

import { OpenDashboardLink } from "@/components/ui/open-dashboard-link";
import { ApiError, type TokenSource } from "@/lib/client/fetcher";
import type { RecordRef } from "@/lib/records/ref";
import { FlagSection } from "./flag-section";
import { PanelFrame, PanelMessage, PanelSkeleton } from "./panel-states";
import { RaiseList } from "./raise-list";
import { ReasonList } from "./reason-list";
import { ScoreHeader } from "./score-header";
import { SummaryCard } from "./summary-card";
import { useInsight } from "./use-insight";

export function InsightPanel({ recordRef, token }: { recordRef: RecordRef; token: TokenSource }) {
  const insight = useInsight(recordRef, token);

  if (insight.isPending) return <PanelSkeleton />;
  if (insight.isError) {
    if (insight.error instanceof ApiError && insight.error.status === 404) {
      return (
        <PanelMessage
          title="No Candor data for this record yet"
          message="Candor has not synced this record, or it is outside what you can see. New records are scored within seconds of syncing."
        />
      );
    }
    return (
      <PanelMessage tone="error" title="Could not load the score" message={insight.error.message}>
        <button
          type="button"
          onClick={() => insight.refetch()}
          className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50"
        >
          Try again
        </button>
      </PanelMessage>
    );
  }

  const data = insight.data;
  if (!data.score) {
    return (
      <PanelFrame label={`Candor for ${data.record.name}`}>
        <header>
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Candor · {data.record.objectType}</p>
          <h1 className="text-base font-semibold text-slate-900">{data.record.name}</h1>
        </header>
        <section role="status" className="rounded-lg border border-dashed border-slate-300 p-4 text-slate-600">
          <h2 className="font-semibold text-slate-800">Not scored yet</h2>
          <p className="mt-1">
            Candor has this record but no score for it yet. Scores appear after the next scoring run, usually within seconds of a change in the CRM.
          </p>
        </section>
        {data.summary && <SummaryCard summary={data.summary} />}
      </PanelFrame>
    );
  }

  return (
    <PanelFrame label={`Candor score for ${data.record.name}`}>
      <ScoreHeader record={data.record} score={data.score} />
      <ReasonList
        reasons={data.score.reasons}
        value={data.score.value}
        basePoints={data.score.basePoints}
        otherPoints={data.score.otherPoints}
        noun={data.record.objectType.toLowerCase()}
      />
      <RaiseList raise={data.score.raise} />
      <FlagSection recordRef={recordRef} token={token} scoreId={data.score.id} canFlag={data.can.flag} flags={data.flags} />
      {data.summary && <SummaryCard summary={data.summary} />}
      <footer className="border-t border-slate-100 pt-2 text-xs text-slate-500">
        <OpenDashboardLink>Open Candor dashboard</OpenDashboardLink>
      </footer>
    </PanelFrame>
  );
}
