"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { MappingView } from "@/lib/identity/admin";
import { defaultPriority } from "@/lib/identity/schema";
import { adminRequest, problemText } from "./admin-request";

const input = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 placeholder:text-slate-400";

export function MappingManager({ mappings, roles }: { mappings: MappingView[]; roles: Array<{ key: string; name: string }> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [role, setRole] = useState<string>("SALES_REP");

  function run(action: () => Promise<unknown>, after?: () => void) {
    setError(null);
    startTransition(async () => {
      try {
        await action();
        after?.();
        router.refresh();
      } catch (err) {
        setError(problemText(err));
      }
    });
  }

  function add(form: HTMLFormElement) {
    const data = new FormData(form);
    const priority = String(data.get("priority") ?? "").trim();
    const body = {
      groupDisplayName: String(data.get("group") ?? ""),
      role: String(data.get("role")),
      region: String(data.get("region") ?? ""),
      ...(priority ? { priority: Number(priority) } : {}),
    };
    run(() => adminRequest("/api/v1/admin/group-role-mappings", { method: "POST", body }), () => form.reset());
  }

  return (
    <div className="space-y-5">
      {mappings.length === 0 ? (
        <p className="text-slate-600">No mappings yet: everyone provisioned gets the least privilege (a sales rep with no region).</p>
      ) : (
        <table className="w-full text-left" aria-label="Group to role mappings">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="pb-2 font-medium">Group</th>
              <th scope="col" className="pb-2 font-medium">Role</th>
              <th scope="col" className="pb-2 font-medium">Region</th>
              <th scope="col" className="pb-2 font-medium">Priority</th>
              <th scope="col" className="pb-2 font-medium">Members</th>
              <th scope="col" className="pb-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {mappings.map((m) => (
              <tr key={m.id}>
                <td className="py-2 font-mono text-xs text-slate-900">{m.groupDisplayName}</td>
                <td className="py-2 text-slate-900">{m.roleName}</td>
                <td className="py-2 text-slate-700">{m.region ?? "—"}</td>
                <td className="py-2 text-slate-700">{m.priority}</td>
                <td className="py-2 text-slate-700">{m.members}</td>
                <td className="py-2 text-right">
                  <Button
                    variant="danger"
                    size="sm"
                    disabled={pending}
                    aria-label={`Remove mapping for ${m.groupDisplayName}`}
                    onClick={() => run(() => adminRequest(`/api/v1/admin/group-role-mappings/${m.id}`, { method: "DELETE" }))}
                  >
                    Remove
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="grid gap-3 rounded-lg border border-slate-200 bg-slate-50 p-4 sm:grid-cols-[2fr_1.5fr_1fr_1fr_auto] sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          add(e.currentTarget);
        }}
      >
        <label className="space-y-1">
          <span className="text-xs font-medium text-slate-700">Group name</span>
          <input name="group" required maxLength={256} placeholder="candor-sales-managers" className={input} />
        </label>
        <label className="space-y-1">
          <span className="text-xs font-medium text-slate-700">Role</span>
          <select name="role" value={role} onChange={(e) => setRole(e.target.value)} className={input}>
            {roles.map((r) => <option key={r.key} value={r.key}>{r.name}</option>)}
          </select>
        </label>
        <label className="space-y-1">
          <span className="text-xs font-medium text-slate-700">Region</span>
          <input name="region" maxLength={32} placeholder="optional" className={input} />
        </label>
        <label className="space-y-1">
          <span className="text-xs font-medium text-slate-700">Priority</span>
          <input name="priority" type="number" min={-1000} max={1000} placeholder={String(defaultPriority(role))} className={input} />
        </label>
        <Button type="submit" disabled={pending}>Add mapping</Button>
      </form>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
