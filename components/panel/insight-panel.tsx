"use client";

import { OpenDashboardLink } from "@/components/ui/open-dashboard-link";
import type { TokenSource } from "@/lib/client/fetcher";
import { nounFor } from "@/lib/records/record-words";
import type { RecordRef } from "@/lib/records/ref";
import { InsightError } from "./access-states";
import { FlagSection } from "./flag-section";
import { PanelFrame, PanelSkeleton } from "./panel-states";
import { RaiseList } from "./raise-list";
import { ReasonList } from "./reason-list";
import { UnscoredRecord } from "./record-states";
import { ScoreHeader } from "./score-header";
import { SummaryCard } from "./summary-card";
import { useInsight } from "./use-insight";

// Laid out for a 400 × 640 CRM frame (and down to 320 px wide): the score, its band, the top
// reasons and the flag action come first and fit without scrolling; the rest of the reasons,
// what would raise the score and the summary are compact sections that expand in place.
export function InsightPanel({ recordRef, token }: { recordRef: RecordRef; token: TokenSource }) {
  const insight = useInsight(recordRef, token);

  if (insight.isPending) return <PanelSkeleton />;
  if (insight.isError) return <InsightError error={insight.error} recordRef={recordRef} onRetry={() => insight.refetch()} />;

  const data = insight.data;
  if (!data.score) return <UnscoredRecord data={data} />;
  const noun = nounFor(data.record.objectType).one;
  return (
    <PanelFrame label={`Candor score for ${data.record.name}`}>
      <ScoreHeader record={data.record} score={data.score} stale={data.stale} override={data.override} />
      {data.score.points ? (
        <ReasonList points={data.score.points} noun={noun} heading={data.override ? `Why the model scores ${data.score.value}` : "Why this score"} />
      ) : (
        <p className="border-t border-slate-100 pt-2 text-slate-600">Your role does not show the reasons behind scores.</p>
      )}
      <FlagSection recordRef={recordRef} token={token} scoreId={data.score.id} canFlag={data.can.flag} flags={data.flags} />
      {data.can.reasons && <RaiseList raise={data.score.raise} noun={noun} />}
      {data.summary && <SummaryCard summary={data.summary} />}
      <footer className="space-y-1 border-t border-slate-100 pt-2 text-xs text-slate-500">
        {data.privacy.note && <p>{data.privacy.note}</p>}
        <OpenDashboardLink>Open Candor dashboard</OpenDashboardLink>
      </footer>
    </PanelFrame>
  );
}
