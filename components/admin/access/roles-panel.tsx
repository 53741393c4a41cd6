"use client";

import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { columnHelper } from "@/components/ui/data-table-columns";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { InlineStatus } from "@/components/ui/inline-status";
import { apiFetch, fieldErrors } from "@/lib/client/fetcher";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { useSeededQuery } from "@/lib/client/use-seeded-query";
import { accessKeys } from "./query-keys";
import type { MatrixPayload, RoleView } from "./types";

// Roles: the built-in five and the tenant's own, created empty or cloned from another. A role
// somebody still has cannot be deleted; each role's Salesforce permission set (Candor's fields
// under this matrix) can be downloaded to deploy in the org.

const col = columnHelper<RoleView>();

// "SDR team lead" → "SDR_TEAM_LEAD", the key users and mappings name the role by.
const keyFor = (name: string) =>
  name.normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "").toUpperCase().replace(/^(\d)/, "R_$1").slice(0, 40);

export function RolesPanel({ initial }: { initial: MatrixPayload }) {
  const data = useSeededQuery(accessKeys.matrix(), "/api/v1/admin/matrix", initial);
  const version = data.matrix.version;
  const [name, setName] = useState("");
  const [key, setKey] = useState("");
  const [keyEdited, setKeyEdited] = useState(false);

  const create = useApiMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch("/api/v1/admin/roles", { method: "POST", body, auth: "cookie" }),
    invalidates: [accessKeys.matrix(), accessKeys.versions()],
    refresh: true,
  });
  const remove = useApiMutation({
    mutationFn: ({ key, reason }: { key: string; reason: string }) =>
      apiFetch(`/api/v1/admin/roles/${key}`, { method: "DELETE", body: { baseVersion: version, reason }, auth: "cookie" }),
    invalidates: [accessKeys.matrix(), accessKeys.versions()],
    refresh: true,
  });
  const errors = fieldErrors(create.error);
  const removeRole = remove.mutateAsync;

  const columns = useMemo(
    () => [
      col.accessor("name", {
        header: "Role",
        cell: (c) => (
          <span>
            <span className="font-medium text-slate-900">{c.getValue()}</span>
            <span className="block font-mono text-xs text-slate-500">{c.row.original.key}</span>
          </span>
        ),
      }),
      col.accessor("description", { header: "What it is for", cell: (c) => c.getValue() || <span className="text-slate-500">—</span> }),
      col.accessor("builtIn", { header: "Kind", cell: (c) => (c.getValue() ? <Badge tone="neutral">Built in</Badge> : <Badge tone="brand">Yours</Badge>) }),
      col.accessor("users", { header: "Users", meta: { align: "end", className: "tabular-nums" } }),
      col.accessor("mappings", { header: "Group mappings", meta: { align: "end", className: "tabular-nums" } }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { align: "end", nowrap: true },
        cell: ({ row }) => {
          const r = row.original;
          return (
            <span className="inline-flex gap-2">
              <a
                className={buttonClass("secondary", "sm")}
                href={`/api/v1/admin/matrix/salesforce-permission-set?role=${encodeURIComponent(r.key)}`}
                aria-label={`Salesforce set for ${r.name}`}
                title="Download the Salesforce permission set for this role under the matrix in force"
              >
                Salesforce set
              </a>
              {r.builtIn ? null : (
                <ConfirmDialog
                  trigger={(open) => (
                    <Button variant="danger" size="sm" onClick={open} aria-label={`Delete the role ${r.name}`}>Delete</Button>
                  )}
                  title={`Delete the role ${r.name}?`}
                  description={
                    r.users + r.mappings > 0
                      ? `${r.users} user(s) and ${r.mappings} group mapping(s) still have this role; move them to another role first, or the delete is refused.`
                      : "Nobody has this role. Its grants leave the matrix in a new version."
                  }
                  confirmLabel="Delete role"
                  pendingLabel="Deleting…"
                  reason={{ label: "Why", hint: "Kept with the new matrix version and in the audit log." }}
                  onConfirm={(reason) => removeRole({ key: r.key, reason })}
                />
              )}
            </span>
          );
        },
      }),
    ],
    [removeRole],
  );

  return (
    <div className="space-y-5">
      <DataTable label="Roles" columns={columns} data={data.roles} getRowId={(r) => r.key} />
      <form
        aria-label="New role"
        className="grid gap-3 rounded-lg border border-slate-200 bg-slate-50 p-4 md:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          const cloneFrom = String(f.get("cloneFrom") ?? "");
          create.mutate(
            {
              name, key, description: String(f.get("description") ?? ""), reason: String(f.get("reason") ?? ""), baseVersion: version,
              ...(cloneFrom ? { cloneFrom } : {}),
            },
            {
              onSuccess: () => {
                form.reset();
                setName("");
                setKey("");
                setKeyEdited(false);
              },
            },
          );
        }}
      >
        <Field label="Name" error={errors.name}>
          <Input
            name="name" required minLength={2} maxLength={60} placeholder="SDR team lead" value={name}
            onChange={(e) => {
              setName(e.target.value);
              if (!keyEdited) setKey(keyFor(e.target.value));
            }}
          />
        </Field>
        <Field label="Key" hint="How users, mappings and the API name the role." error={errors.key}>
          <Input name="key" required pattern="[A-Z][A-Z0-9_]{1,39}" value={key} onChange={(e) => { setKey(e.target.value.toUpperCase()); setKeyEdited(true); }} className="font-mono" />
        </Field>
        <Field label="Start from" hint="Its grants are copied; change them in the matrix afterwards." error={errors.cloneFrom}>
          <Select name="cloneFrom" defaultValue="">
            <option value="">Nothing: the role may do nothing yet</option>
            {data.roles.map((r) => <option key={r.key} value={r.key}>A copy of {r.name}</option>)}
          </Select>
        </Field>
        <Field label="What it is for" optional error={errors.description}>
          <Input name="description" maxLength={200} placeholder="Leads the SDR team in a region" />
        </Field>
        <Field label="Why" hint="Kept with the new matrix version and in the audit log." error={errors.reason} className="md:col-span-2">
          <Textarea name="reason" required minLength={3} maxLength={500} rows={2} />
        </Field>
        <div className="md:col-span-2">
          <Button type="submit" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create role"}</Button>
        </div>
      </form>
      <InlineStatus mutation={create} success="Role created. Give it grants in the matrix, then map a group to it." />
      <InlineStatus mutation={remove} success="Role deleted." />
    </div>
  );
}
