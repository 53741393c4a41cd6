"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

// Client part of the shell below 1024 px: the menu button opens the navigation as a modal side
// sheet on the native <dialog> (focus moves in and is kept there, Escape closes, focus returns to
// the button, the page behind is inert). Following a link or clicking the backdrop closes it.
export function AppShellMenu({ brand, children }: { brand: React.ReactNode; children: React.ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const pathname = usePathname();

  useEffect(() => {
    dialog.current?.close();
  }, [pathname]);

  return (
    <>
      <IconButton label="Open menu" path="M3 5h14M3 10h14M3 15h14" aria-haspopup="dialog" className="-ml-2" onClick={() => dialog.current?.showModal()} />
      <dialog
        ref={dialog}
        aria-label="Menu"
        onClick={(e) => {
          if (e.target === e.currentTarget || (e.target as Element).closest("a")) dialog.current?.close();
        }}
        className="m-0 h-dvh max-h-none w-72 max-w-[85vw] bg-white p-0 shadow-xl backdrop:bg-slate-900/40 open:flex open:flex-col"
      >
        <div className="flex items-center justify-between pr-2">
          <div className="min-w-0 flex-1">{brand}</div>
          <IconButton label="Close menu" path="M5 5l10 10M15 5L5 15" onClick={() => dialog.current?.close()} />
        </div>
        {children}
      </dialog>
    </>
  );
}

function IconButton({ label, path, className = "", ...props }: { label: string; path: string } & React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button type="button" {...props} className={`inline-flex size-10 items-center justify-center rounded-md text-slate-700 hover:bg-slate-100 ${className}`}>
      <svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
        <path d={path} />
      </svg>
      <span className="sr-only">{label}</span>
    </button>
  );
}
