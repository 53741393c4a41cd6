// A compact section that expands in place: the title (a heading, so screen-reader users can jump
// to it) and a one-line gist stay visible; the body opens under them. Native <details>, so it
// works with the keyboard and without script.
export function Disclosure({ title, gist, children, testId }: {
  title: string;
  gist?: React.ReactNode;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <details className="group border-t border-slate-100 pt-2" data-testid={testId}>
      <summary className="flex cursor-pointer list-none items-baseline gap-2 rounded py-0.5 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="inline-block w-3 shrink-0 text-slate-400 transition-transform group-open:rotate-90">▸</span>
        <h2 className="font-semibold text-slate-900">{title}</h2>
        {gist && <span className="ml-auto truncate pl-2 text-xs text-slate-500">{gist}</span>}
      </summary>
      <div className="mt-2 space-y-2 pl-5">{children}</div>
    </details>
  );
}
