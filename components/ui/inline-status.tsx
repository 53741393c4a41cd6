"use client";

import { problemText } from "@/lib/client/fetcher";

// The result of a mutation, said next to the control that caused it: an error as an alert (read
// out at once, with the server's reason and, for our own faults, a reference), a success as a
// polite status. Inline rather than a toast: the message stays where the user is looking and does
// not vanish before it is read. Pass a TanStack Query mutation (or anything with its shape).
export function InlineStatus({ mutation, success, className = "" }: {
  mutation: { status: "idle" | "pending" | "success" | "error"; error: unknown };
  success?: React.ReactNode;
  className?: string;
}) {
  if (mutation.status === "error") {
    return (
      <p role="alert" className={`text-sm font-medium text-red-700 ${className}`}>
        {problemText(mutation.error)}
      </p>
    );
  }
  return (
    <p role="status" className={`text-sm text-emerald-700 ${className}`}>
      {mutation.status === "success" ? success : null}
    </p>
  );
}
