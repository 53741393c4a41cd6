// Loading and message states share the panel's frame so nothing shifts when data arrives.
export function PanelFrame({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <main aria-label={label} className="mx-auto flex w-full max-w-[400px] flex-col gap-3 p-3 text-sm">
      {children}
    </main>
  );
}

export function PanelSkeleton() {
  return (
    <PanelFrame label="Loading Candor">
      <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-3">
        <span className="sr-only">Loading the score…</span>
        <div className="flex items-center gap-3">
          <div className="h-14 w-14 rounded-xl bg-slate-200" />
          <div className="flex-1 space-y-2">
            <div className="h-4 w-24 rounded bg-slate-200" />
            <div className="h-3 w-full rounded bg-slate-100" />
            <div className="h-3 w-3/4 rounded bg-slate-100" />
          </div>
        </div>
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-4 rounded bg-slate-100" />
        ))}
        <div className="h-9 rounded-md bg-slate-100" />
      </div>
    </PanelFrame>
  );
}

export function PanelMessage({ title, message, tone = "neutral", children, testId }: {
  title: string;
  message: React.ReactNode;
  tone?: "neutral" | "error" | "info";
  children?: React.ReactNode;
  testId?: string;
}) {
  const styles = {
    neutral: ["border-slate-200 bg-slate-50", "text-slate-900"],
    info: ["border-brand-100 bg-brand-50", "text-slate-900"],
    error: ["border-red-200 bg-red-50", "text-red-800"],
  }[tone];
  return (
    <PanelFrame label="Candor">
      <section role={tone === "error" ? "alert" : "status"} className={`rounded-lg border p-3 ${styles[0]}`} data-testid={testId}>
        <h1 className={`text-base font-semibold ${styles[1]}`}>{title}</h1>
        <div className="mt-1 space-y-1 text-slate-700">{message}</div>
        {children}
      </section>
    </PanelFrame>
  );
}
