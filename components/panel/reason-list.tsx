import type { ReasonDto } from "@/lib/records/insight";
import { signedPoints } from "./format";

function Reasons({ title, reasons, tone }: { title: string; reasons: ReasonDto[]; tone: "up" | "down" }) {
  if (reasons.length === 0) return null;
  return (
    <div>
      <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</h3>
      <ul className="space-y-1">
        {reasons.map((r) => (
          <li key={r.feature} className="flex items-start justify-between gap-3">
            <span className="flex items-start gap-2">
              <span aria-hidden className={tone === "up" ? "text-emerald-600" : "text-rose-600"}>{tone === "up" ? "▲" : "▼"}</span>
              <span>{r.text}</span>
            </span>
            <span
              className={`shrink-0 tabular-nums font-semibold ${tone === "up" ? "text-emerald-700" : "text-rose-700"}`}
              aria-label={`${signedPoints(r.points)} points`}
            >
              {signedPoints(r.points)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReasonList(props: {
  reasons: { positive: ReasonDto[]; negative: ReasonDto[] };
  value: number;
  basePoints: number;
  otherPoints: number;
  noun: string;
}) {
  const { reasons } = props;
  return (
    <section aria-labelledby="reasons-heading" className="space-y-3 border-t border-slate-100 pt-3">
      <h2 id="reasons-heading" className="font-semibold text-slate-900">Why this score</h2>
      <Reasons title="Raising it" reasons={reasons.positive} tone="up" />
      <Reasons title="Lowering it" reasons={reasons.negative} tone="down" />
      {reasons.positive.length === 0 && reasons.negative.length === 0 && (
        <p className="text-slate-600">No single factor moves this score by a whole point; it sits at the typical level.</p>
      )}
      <p className="text-xs text-slate-500" data-testid="score-arithmetic">
        A typical {props.noun} scores {props.basePoints}
        {props.otherPoints !== 0 ? `; other factors ${signedPoints(props.otherPoints)}` : ""}; with the reasons above: {props.value}.
      </p>
    </section>
  );
}
