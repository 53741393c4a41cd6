import { ApiError } from "@/lib/client/fetcher";
import { crmName, nounFor } from "@/lib/records/record-words";
import type { RecordRef } from "@/lib/records/ref";
import { PanelMessage } from "./panel-states";

// What the insight request's refusals mean to the rep (the API's contract):
//   404: Candor has no copy of the record yet. Opening the panel asked the CRM for it, and the
//        panel checks again by itself (use-insight.ts), so the rep only waits.
//   403 with code "forbidden": a rule of the rep's role hides it; `detail` names the rule.
// Anything else is an error worth retrying.
export function InsightError({ error, recordRef, onRetry }: { error: Error; recordRef: RecordRef; onRetry(): void }) {
  const { one } = nounFor(recordRef.objectType);
  const crm = crmName(recordRef.provider);
  if (error instanceof ApiError && error.status === 404) {
    return (
      <PanelMessage
        tone="info"
        testId="not-synced"
        title="Not synced yet"
        message={
          <>
            <p>Candor does not have this {one} from {crm} yet.</p>
            <p>It asked {crm} for it when you opened this panel; the score appears here as soon as it arrives, usually within a minute. This panel checks by itself.</p>
          </>
        }
      />
    );
  }
  if (error instanceof ApiError && error.status === 403 && error.code === "forbidden") {
    return (
      <PanelMessage
        testId="hidden-by-rule"
        title={`Your role does not show this ${one}’s score`}
        message={
          <>
            <p>{error.message || "A rule of your role hides it."}</p>
            <p>Rules come from your Candor admin; ask them if you need to see it.</p>
          </>
        }
      />
    );
  }
  return (
    <PanelMessage tone="error" title="Could not load the score" message={error.message}>
      <button type="button" onClick={onRetry} className="mt-3 rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">
        Try again
      </button>
    </PanelMessage>
  );
}
