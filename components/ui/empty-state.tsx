// What a list, table or chart shows when it has nothing yet. It always says why it is empty and
// what to do next, in one sentence each; `action` is the button or link that does it.
export function EmptyState({ title, children, action, icon, compact = false }: {
  title: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
  icon?: React.ReactNode;
  compact?: boolean;
}) {
  return (
    <div className={`flex flex-col items-center text-center ${compact ? "px-4 py-6" : "px-6 py-12"}`}>
      <span aria-hidden="true" className="mb-3 flex size-10 items-center justify-center rounded-full bg-slate-100 text-slate-500">
        {icon ?? (
          <svg viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.6">
            <rect x="3" y="4" width="14" height="12" rx="2" />
            <path d="M3 8h14" />
          </svg>
        )}
      </span>
      <p className="font-semibold text-slate-900">{title}</p>
      {children ? <div className="mt-1 max-w-md text-slate-600">{children}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}
