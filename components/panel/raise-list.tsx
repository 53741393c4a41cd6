import type { RaiseDto } from "@/lib/records/insight";
import { Disclosure } from "./disclosure";
import { signedPoints } from "./format";

// "What would raise it": the steps a rep can still take on this record, each rescored by the
// model that made the score. Estimates, not promises.
export function RaiseList({ raise, noun }: { raise: RaiseDto[]; noun: string }) {
  const best = raise.reduce((m, r) => Math.max(m, r.gain), 0);
  return (
    <Disclosure title="What would raise it" gist={raise.length > 0 ? `up to ${signedPoints(best)}` : "no step found"} testId="raise">
      {raise.length === 0 ? (
        <p className="text-slate-600">The model sees no next step that would add a whole point for this {noun}.</p>
      ) : (
        <>
          <ul className="space-y-1" data-testid="raise-list">
            {raise.map((r) => (
              <li key={r.feature} className="flex items-start justify-between gap-3">
                <span>{r.action}</span>
                <span className="shrink-0 font-semibold tabular-nums text-emerald-700" aria-label={`about ${signedPoints(r.gain)} points`}>
                  ≈{signedPoints(r.gain)}
                </span>
              </li>
            ))}
          </ul>
          <p className="text-xs text-slate-500">The model’s own estimate for this {noun}, each step on its own.</p>
        </>
      )}
    </Disclosure>
  );
}
