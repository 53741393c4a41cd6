export function Card({ title, description, children, actions }: {
  title: string;
  description?: React.ReactNode;
  children: React.ReactNode;
  actions?: React.ReactNode;
}) {
  const id = `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="rounded-xl border border-slate-200 bg-white shadow-sm">
      <header className="flex items-start justify-between gap-4 border-b border-slate-100 px-4 py-4 xl:px-5">
        <div>
          <h2 id={id} className="text-base font-semibold text-slate-900">{title}</h2>
          {description ? <p className="mt-1 text-slate-600">{description}</p> : null}
        </div>
        {actions}
      </header>
      <div className="px-4 py-4 xl:px-5">{children}</div>
    </section>
  );
}

export function Notice({ tone = "info", children, title }: { tone?: "info" | "error" | "success"; title?: string; children: React.ReactNode }) {
  const styles = {
    info: "border-slate-200 bg-slate-50 text-slate-800",
    error: "border-red-200 bg-red-50 text-red-900",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-lg border px-4 py-3 ${styles}`}>
      {title ? <p className="font-semibold">{title}</p> : null}
      <div className={title ? "mt-1" : ""}>{children}</div>
    </div>
  );
}
