"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { InlineStatus } from "@/components/ui/inline-status";
import { apiFetch } from "@/lib/client/fetcher";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import type { UnmatchedPolicy } from "@/lib/identity/schema";

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

// The saved policy arrives from the server component; `refresh` re-renders it after a save.
export function UnmatchedPolicyForm({ current }: { current: UnmatchedPolicy }) {
  const [value, setValue] = useState<UnmatchedPolicy>(current);
  const save = useApiMutation({
    mutationFn: (policy: UnmatchedPolicy) =>
      apiFetch("/api/v1/admin/identity-settings", { method: "PUT", body: { unmatchedUserPolicy: policy }, auth: "cookie" }),
    invalidates: [],
    refresh: true,
  });

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(value);
      }}
    >
      <fieldset className="grid gap-3 md:grid-cols-2">
        <legend className="sr-only">When a CRM user has no Candor account</legend>
        {OPTIONS.map((o) => (
          <label key={o.value} className="flex cursor-pointer gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
            <input type="radio" name="policy" value={o.value} checked={value === o.value} onChange={() => setValue(o.value)} className="mt-1 accent-brand-600" />
            <span>
              <span className="block font-medium text-slate-900">{o.label}</span>
              <span className="block text-slate-600">{o.help}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={save.isPending || value === current}>
          {save.isPending ? "Saving…" : "Save policy"}
        </Button>
        <InlineStatus mutation={save} success="Saved." />
      </div>
    </form>
  );
}
