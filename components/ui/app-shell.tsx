import Link from "next/link";
import { AppShellMenu } from "./app-shell-menu";
import { buttonClass } from "./button";
import { currentNavHref, NAV_ITEMS, navSections, type NavItem, type Scopes } from "./nav";

export interface ShellUser {
  name: string;
  roleLabel: string;
  tenantName: string;
}

export function shellUser(profile: { name: string; roleName: string; tenantName: string }): ShellUser {
  return { name: profile.name, roleLabel: profile.roleName, tenantName: profile.tenantName };
}

// The one frame of every standalone page (server component). It takes the caller's capability
// scopes as plain data, so it knows nothing about sessions or the permission matrix: lib/authz
// decides, nav.ts lists the pages, and this draws what the two allow. Below 1024 px the sidebar
// folds into a top bar whose menu button opens the same navigation in a native <dialog>.
export function AppShell({ user, scopes, path, items = NAV_ITEMS, children }: {
  user: ShellUser;
  scopes: Scopes;
  // The page's own route; the navigation marks the entry it belongs to.
  path: string;
  items?: readonly NavItem[];
  children: React.ReactNode;
}) {
  const sections = navSections(scopes, items);
  const current = currentNavHref(path, items);
  const navigation = (
    <>
      <nav aria-label="Main" className="flex-1 space-y-6 overflow-y-auto px-3 py-4">
        {sections.length === 0 ? <p className="px-3 text-sm text-slate-600">Your role has no pages here yet.</p> : null}
        {sections.map((section) => (
          <div key={section.area}>
            <p aria-hidden="true" className="px-3 pb-1.5 text-[11px] font-semibold uppercase tracking-wider text-slate-500">
              {section.area}
            </p>
            <ul aria-label={section.area} className="space-y-0.5">
              {section.items.map((item) => {
                const active = item.href === current;
                return (
                  <li key={item.href}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={`flex items-center rounded-md px-3 py-2 font-medium transition-colors ${
                        active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
                      }`}
                    >
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </nav>
      <UserCard user={user} />
    </>
  );

  return (
    <div className="min-h-screen bg-slate-50">
      <a
        href="#main-content"
        className="sr-only rounded-md bg-white px-4 py-2 font-medium text-brand-700 shadow-lg focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50"
      >
        Skip to main content
      </a>
      <header className="fixed inset-y-0 left-0 z-30 hidden w-60 flex-col border-r border-slate-200 bg-white lg:flex">
        <Brand tenantName={user.tenantName} />
        {navigation}
      </header>
      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-slate-200 bg-white px-4 sm:px-6 lg:hidden">
        <AppShellMenu brand={<Brand tenantName={user.tenantName} />}>{navigation}</AppShellMenu>
        <Wordmark />
        <span className="ml-auto truncate text-slate-600">
          <span className="sr-only">Signed in as </span>
          {user.name}
        </span>
      </header>
      <main id="main-content" tabIndex={-1} className="outline-none lg:pl-60">
        <div className="mx-auto max-w-7xl space-y-6 px-4 py-6 sm:px-6 lg:py-8 xl:px-8">{children}</div>
      </main>
    </div>
  );
}

function Wordmark() {
  return (
    <Link href="/dashboard" className="flex items-center gap-2 rounded-md font-semibold tracking-tight text-slate-900">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6 text-brand-600">
        <rect width="24" height="24" rx="6" fill="currentColor" />
        <path d="M16.5 8.2A5 5 0 1 0 16.5 15.8" fill="none" stroke="white" strokeWidth="2.4" strokeLinecap="round" />
      </svg>
      <span className="text-base">Candor</span>
    </Link>
  );
}

function Brand({ tenantName }: { tenantName: string }) {
  return (
    <div className="flex h-14 shrink-0 items-center justify-between gap-2 border-b border-slate-100 px-5">
      <Wordmark />
      <span className="truncate text-xs text-slate-500">{tenantName}</span>
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase();
}

function UserCard({ user }: { user: ShellUser }) {
  return (
    <div className="shrink-0 border-t border-slate-200 p-3">
      <div className="flex items-center gap-3 px-2 py-1.5">
        <span aria-hidden="true" className="flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-900 text-xs font-semibold text-white">
          {initials(user.name)}
        </span>
        <span className="min-w-0 leading-tight">
          <span className="block truncate font-medium text-slate-900">{user.name}</span>
          <span className="block truncate text-xs text-slate-600">
            {user.roleLabel} · {user.tenantName}
          </span>
        </span>
      </div>
      {/* A plain form POST: sign-out works before (and without) the page's scripts. */}
      <form method="post" action="/api/auth/sign-out" className="mt-2 px-2">
        <button type="submit" className={`${buttonClass("secondary", "sm")} w-full`}>
          Sign out
        </button>
      </form>
    </div>
  );
}
