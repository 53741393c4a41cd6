import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "No access · Candor" };

export default function Forbidden() {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-md space-y-4 rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <p className="text-sm font-semibold uppercase tracking-wide text-slate-500">403</p>
        <h1 className="text-xl font-semibold text-slate-900">Your role does not include this page</h1>
        <p className="text-slate-600">
          Identity and access settings are for Candor admins. If you need them, ask your admin to add you to the right group.
        </p>
        <div className="flex justify-center gap-3 pt-2">
          <Link href="/dashboard" className={buttonClass("primary")}>Back to the dashboard</Link>
          <form method="post" action="/api/auth/sign-out">
            <button type="submit" className={buttonClass("secondary")}>Sign out</button>
          </form>
        </div>
      </div>
    </main>
  );
}
