"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { UnmatchedPolicy } from "@/lib/identity/schema";
import { adminRequest, problemText } from "./admin-request";

const OPTIONS: Array<{ value: UnmatchedPolicy; label: string; help: string }> = [
  {
    value: "refuse",
    label: "Refuse",
    help: "The panel tells them to ask an admin. Choose this when every user is provisioned through SCIM.",
  },
  {
    value: "least_privilege",
    label: "Create a least-privilege account",
    help: "They get a sales rep account with no region, which sees nothing until an admin or a group mapping says otherwise.",
  },
];

export function UnmatchedPolicyForm({ current }: { current: UnmatchedPolicy }) {
  const router = useRouter();
  const [value, setValue] = useState<UnmatchedPolicy>(current);
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        setMessage(null);
        startTransition(async () => {
          try {
            await adminRequest("/api/v1/admin/identity-settings", { method: "PUT", body: { unmatchedUserPolicy: value } });
            setMessage({ tone: "ok", text: "Saved." });
            router.refresh();
          } catch (err) {
            setMessage({ tone: "error", text: problemText(err) });
          }
        });
      }}
    >
      <fieldset className="space-y-3">
        <legend className="sr-only">When a CRM user has no Candor account</legend>
        {OPTIONS.map((o) => (
          <label key={o.value} className="flex gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
            <input type="radio" name="policy" value={o.value} checked={value === o.value} onChange={() => setValue(o.value)} className="mt-1" />
            <span>
              <span className="block font-medium text-slate-900">{o.label}</span>
              <span className="block text-slate-600">{o.help}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending || value === current}>Save policy</Button>
        {message ? (
          <span role={message.tone === "error" ? "alert" : "status"} className={message.tone === "error" ? "text-red-700" : "text-emerald-700"}>
            {message.text}
          </span>
        ) : null}
      </div>
    </form>
  );
}
