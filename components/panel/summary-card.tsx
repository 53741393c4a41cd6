import type { InsightDto } from "@/lib/records/insight";
import { Disclosure } from "./disclosure";
import { relativeTime } from "./format";

// Rendered as text only: summaries never become HTML.
export function SummaryCard({ summary }: { summary: NonNullable<InsightDto["summary"]> }) {
  return (
    <Disclosure
      title="Summary"
      testId="summary"
      gist={
        <>
          {summary.stale ? <span className="font-medium text-amber-700">Out of date · </span> : null}
          {relativeTime(summary.generatedAt)}
        </>
      }
    >
      <ul className="space-y-2">
        {summary.sentences.map((s, i) => (
          <li key={i}>
            <p className="leading-snug">{s.text}</p>
            {s.facts.length > 0 && (
              <details className="mt-0.5">
                <summary className="cursor-pointer select-none text-xs text-slate-500 hover:text-slate-700">
                  Based on {s.facts.length} {s.facts.length === 1 ? "fact" : "facts"}
                </summary>
                <ul className="mt-1 space-y-0.5 rounded bg-slate-50 p-2 text-xs text-slate-600">
                  {s.facts.map((f, j) => (
                    <li key={j}>
                      <span className="font-medium text-slate-700">{f.label}:</span> {f.value}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        ))}
      </ul>
    </Disclosure>
  );
}
