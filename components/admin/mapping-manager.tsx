"use client";

import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { columnHelper } from "@/components/ui/data-table-columns";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input, Select } from "@/components/ui/field";
import { InlineStatus } from "@/components/ui/inline-status";
import { apiFetch, fieldErrors } from "@/lib/client/fetcher";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { useSeededQuery } from "@/lib/client/use-seeded-query";
import type { MappingView } from "@/lib/identity/admin";
import { defaultPriority, type MappingInput } from "@/lib/identity/schema";
import { identityKeys } from "./query-keys";

const col = columnHelper<MappingView>();

// Roles are the tenant's reference data (lib/authz): the form offers the ones that exist.
export function MappingManager({ mappings: initial, roles, regions }: {
  mappings: MappingView[];
  roles: Array<{ key: string; name: string }>;
  regions: Array<{ code: string; name: string }>;
}) {
  const { mappings } = useSeededQuery(identityKeys.mappings(), "/api/v1/admin/group-role-mappings", { mappings: initial });
  const [role, setRole] = useState<string>(roles.find((r) => r.key === "SALES_REP")?.key ?? roles[0]?.key ?? "");

  const add = useApiMutation({
    mutationFn: (body: Partial<MappingInput>) => apiFetch("/api/v1/admin/group-role-mappings", { method: "POST", body, auth: "cookie" }),
    invalidates: [identityKeys.mappings()],
  });
  const remove = useApiMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/admin/group-role-mappings/${id}`, { method: "DELETE", auth: "cookie" }),
    invalidates: [identityKeys.mappings()],
  });
  const errors = fieldErrors(add.error);
  const removeMapping = remove.mutateAsync;

  const columns = useMemo(
    () => [
      col.accessor("groupDisplayName", { header: "Group", meta: { className: "font-mono text-xs text-slate-900", nowrap: true } }),
      col.accessor("roleName", { header: "Role" }),
      col.accessor("region", { header: "Region", cell: (c) => c.getValue() ?? <span className="text-slate-500">—</span> }),
      col.accessor("priority", { header: "Priority", meta: { align: "end", className: "tabular-nums" } }),
      col.accessor("members", { header: "Members", meta: { align: "end", className: "tabular-nums" } }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { align: "end" },
        cell: ({ row }) => {
          const m = row.original;
          return (
            <ConfirmDialog
              trigger={(open) => (
                <Button variant="danger" size="sm" onClick={open} aria-label={`Remove mapping for ${m.groupDisplayName}`}>
                  Remove
                </Button>
              )}
              title={`Remove the mapping for ${m.groupDisplayName}?`}
              description={
                <>
                  {m.members === 0
                    ? "No provisioned user is in this group, so no role changes now."
                    : `${m.members === 1 ? "Its provisioned member loses" : `Its ${m.members} provisioned members lose`} the ${m.roleName} role${m.region ? ` and the ${m.region} region` : ""} at once, unless another mapped group gives it to them.`}{" "}
                  Users who sign in with SSO and are in the group lose it at their next sign-in.
                </>
              }
              confirmLabel="Remove mapping"
              pendingLabel="Removing…"
              onConfirm={() => removeMapping(m.id)}
            />
          );
        },
      }),
    ],
    [removeMapping],
  );

  return (
    <div className="space-y-5">
      <DataTable
        label="Group to role mappings"
        columns={columns}
        data={mappings}
        getRowId={(m) => m.id}
        initialSorting={[{ id: "priority", desc: true }]}
        empty={
          <EmptyState compact title="No group mappings yet">
            Everyone provisioned gets the least privilege (a sales rep with no region) until you map their groups. Add the first mapping below.
          </EmptyState>
        }
      />
      <form
        aria-label="Add a mapping"
        className="grid gap-3 rounded-lg border border-slate-200 bg-slate-50 p-4 sm:grid-cols-2 xl:grid-cols-[2fr_1.5fr_1fr_1fr_auto] xl:items-start"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          const priority = String(data.get("priority") ?? "").trim();
          add.mutate(
            {
              groupDisplayName: String(data.get("group") ?? ""),
              role: String(data.get("role")),
              region: String(data.get("region") ?? ""),
              ...(priority ? { priority: Number(priority) } : {}),
            },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <Field label="Group name" error={errors.groupDisplayName}>
          <Input name="group" required maxLength={256} placeholder="candor-sales-managers" />
        </Field>
        <Field label="Role" error={errors.role}>
          <Select name="role" value={role} onChange={(e) => setRole(e.target.value)}>
            {roles.map((r) => <option key={r.key} value={r.key}>{r.name}</option>)}
          </Select>
        </Field>
        <Field label="Region" optional error={errors.region}>
          <Select name="region" defaultValue="">
            <option value="">No region</option>
            {regions.map((r) => <option key={r.code} value={r.code}>{r.name} ({r.code})</option>)}
          </Select>
        </Field>
        <Field label="Priority" optional error={errors.priority}>
          <Input name="priority" type="number" min={-1000} max={1000} placeholder={String(defaultPriority(role))} />
        </Field>
        <Button type="submit" disabled={add.isPending} className="justify-self-start xl:mt-[1.625rem]">
          {add.isPending ? "Adding…" : "Add mapping"}
        </Button>
      </form>
      <InlineStatus mutation={add} success="Mapping added. Provisioned members of the group have the new role now." />
    </div>
  );
}
