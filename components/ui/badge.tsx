// A status word in a tinted pill. Tones carry meaning, not decoration: success (done, healthy),
// warning (needs attention), danger (failed, revoked), info (in progress), neutral (inactive),
// brand (Candor's own states, e.g. "Active model"). Every pair passes WCAG AA contrast.
export type BadgeTone = "neutral" | "success" | "warning" | "danger" | "info" | "brand";

const TONES: Record<BadgeTone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-500/20",
  success: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  warning: "bg-amber-50 text-amber-800 ring-amber-600/25",
  danger: "bg-red-50 text-red-700 ring-red-600/20",
  info: "bg-sky-50 text-sky-800 ring-sky-600/20",
  brand: "bg-brand-50 text-brand-700 ring-brand-600/20",
};

const DOTS: Record<BadgeTone, string> = {
  neutral: "bg-slate-400",
  success: "bg-emerald-500",
  warning: "bg-amber-500",
  danger: "bg-red-500",
  info: "bg-sky-500",
  brand: "bg-brand-600",
};

export function Badge({ tone = "neutral", dot = false, children }: { tone?: BadgeTone; dot?: boolean; children: React.ReactNode }) {
  return (
    <span className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>
      {dot ? <span aria-hidden="true" className={`size-1.5 rounded-full ${DOTS[tone]}`} /> : null}
      {children}
    </span>
  );
}
