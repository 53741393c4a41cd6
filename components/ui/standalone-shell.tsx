import Link from "next/link";
import { buttonClass } from "./button";

export interface ShellUser {
  name: string;
  roleLabel: string;
  isAdmin: boolean;
}

// The frame of Candor's standalone pages (dashboard, admin): brand, navigation for what the role
// may open, who is signed in, and a sign-out that is a plain form POST (works without scripts).
export function StandaloneShell({ user, current, children }: {
  user: ShellUser;
  current: "dashboard" | "identity" | "operations";
  children: React.ReactNode;
}) {
  const link = (href: string, label: string, key: typeof current) => (
    <Link
      href={href}
      aria-current={current === key ? "page" : undefined}
      className={`rounded-md px-3 py-1.5 font-medium ${current === key ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100"}`}
    >
      {label}
    </Link>
  );
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-6 py-3">
          <div className="flex items-center gap-6">
            <span className="text-lg font-semibold tracking-tight text-slate-900">Candor</span>
            <nav aria-label="Main" className="flex items-center gap-1">
              {link("/dashboard", "Dashboard", "dashboard")}
              {user.isAdmin ? link("/admin/identity", "Identity & access", "identity") : null}
              {user.isAdmin ? link("/admin/operations", "Operations", "operations") : null}
            </nav>
          </div>
          <div className="flex items-center gap-3">
            <span className="text-right leading-tight">
              <span className="block font-medium text-slate-900">{user.name}</span>
              <span className="block text-xs text-slate-500">{user.roleLabel}</span>
            </span>
            <form method="post" action="/api/auth/sign-out">
              <button type="submit" className={buttonClass("secondary", "sm")}>Sign out</button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-6 px-6 py-8">{children}</main>
    </div>
  );
}
