import type { RaiseDto } from "@/lib/records/insight";
import { signedPoints } from "./format";

// "What would raise it": the model's own what-if for a few next steps. Estimates, not promises.
export function RaiseList({ raise }: { raise: RaiseDto[] }) {
  if (raise.length === 0) return null;
  return (
    <section aria-labelledby="raise-heading" className="space-y-1 border-t border-slate-100 pt-3">
      <h2 id="raise-heading" className="font-semibold text-slate-900">What would raise it</h2>
      <ul className="space-y-1" data-testid="raise-list">
        {raise.map((r) => (
          <li key={r.feature} className="flex items-start justify-between gap-3">
            <span>{r.action}</span>
            <span className="shrink-0 tabular-nums font-semibold text-emerald-700" aria-label={`about ${signedPoints(r.gain)} points`}>
              ≈{signedPoints(r.gain)}
            </span>
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">Estimated by the model; each step on its own.</p>
    </section>
  );
}
