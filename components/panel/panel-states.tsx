// Loading and message states share the panel's frame so nothing shifts when data arrives.
export function PanelFrame({ children, label }: { children: React.ReactNode; label: string }) {
  return (
    <main aria-label={label} className="mx-auto flex min-h-[560px] w-full max-w-[400px] flex-col gap-4 p-4">
      {children}
    </main>
  );
}

export function PanelSkeleton() {
  return (
    <PanelFrame label="Loading Candor">
      <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-4">
        <span className="sr-only">Loading the score…</span>
        <div className="flex items-center gap-4">
          <div className="h-16 w-16 rounded-xl bg-slate-200" />
          <div className="flex-1 space-y-2">
            <div className="h-4 w-24 rounded bg-slate-200" />
            <div className="h-3 w-full rounded bg-slate-100" />
            <div className="h-3 w-3/4 rounded bg-slate-100" />
          </div>
        </div>
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="h-4 rounded bg-slate-100" />
        ))}
        <div className="h-20 rounded-lg bg-slate-100" />
      </div>
    </PanelFrame>
  );
}

export function PanelMessage({ title, message, tone = "neutral", children }: {
  title: string;
  message: string;
  tone?: "neutral" | "error";
  children?: React.ReactNode;
}) {
  return (
    <PanelFrame label="Candor">
      <section
        role={tone === "error" ? "alert" : "status"}
        className={`rounded-lg border p-4 ${tone === "error" ? "border-red-200 bg-red-50" : "border-slate-200 bg-slate-50"}`}
      >
        <h1 className={`text-base font-semibold ${tone === "error" ? "text-red-800" : "text-slate-900"}`}>{title}</h1>
        <p className="mt-1 text-slate-700">{message}</p>
        {children}
      </section>
    </PanelFrame>
  );
}
