// For the embedded panel: the standalone pages sign in through the company IdP, which refuses to
// be framed (and whose cookies would be third-party there), so they always open in a new tab.
export function OpenDashboardLink({ className = "", children = "Open dashboard" }: { className?: string; children?: React.ReactNode }) {
  return (
    <a href="/dashboard" target="_blank" rel="noopener noreferrer" className={`font-medium text-brand-700 underline-offset-2 hover:underline ${className}`}>
      {children}
      <span className="sr-only"> (opens in a new tab)</span>
    </a>
  );
}
