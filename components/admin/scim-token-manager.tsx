"use client";

import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { columnHelper } from "@/components/ui/data-table-columns";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Input } from "@/components/ui/field";
import { InlineStatus } from "@/components/ui/inline-status";
import { apiFetch, fieldErrors } from "@/lib/client/fetcher";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { useSeededQuery } from "@/lib/client/use-seeded-query";
import type { ScimTokenView } from "@/lib/scim/service-tokens";
import { identityKeys } from "./query-keys";

const UTC = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (iso: string | null) => (iso ? `${UTC.format(new Date(iso))} UTC` : "Never");
const col = columnHelper<ScimTokenView>();

type Issued = { token: string; scimToken: ScimTokenView };

// The token is only ever in the create/rotate response, so it lives in component state until
// the admin copies it or leaves the page.
export function ScimTokenManager({ tokens: initial, scimBaseUrl }: { tokens: ScimTokenView[]; scimBaseUrl: string }) {
  const { tokens } = useSeededQuery(identityKeys.scimTokens(), "/api/v1/admin/scim-tokens", { tokens: initial });
  const [fresh, setFresh] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const show = (issued: Issued) => {
    setCopied(false);
    setFresh({ name: issued.scimToken.name, token: issued.token });
  };

  const create = useApiMutation({
    mutationFn: (name: string) => apiFetch<Issued>("/api/v1/admin/scim-tokens", { method: "POST", body: { name }, auth: "cookie" }),
    invalidates: [identityKeys.scimTokens()],
    onSuccess: show,
  });
  const rotate = useApiMutation({
    mutationFn: (id: string) => apiFetch<Issued>(`/api/v1/admin/scim-tokens/${id}/rotate`, { method: "POST", auth: "cookie" }),
    invalidates: [identityKeys.scimTokens()],
    onSuccess: show,
  });
  const revoke = useApiMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/admin/scim-tokens/${id}`, { method: "DELETE", auth: "cookie" }),
    invalidates: [identityKeys.scimTokens()],
    onSuccess: () => setFresh(null),
  });
  const rotateToken = rotate.mutateAsync;
  const revokeToken = revoke.mutateAsync;

  const columns = useMemo(
    () => [
      col.accessor("name", { header: "Name", meta: { className: "font-medium text-slate-900" } }),
      col.accessor("createdAt", { header: "Created", cell: (c) => when(c.getValue()), sortFn: "datetime", meta: { nowrap: true } }),
      col.accessor("lastUsedAt", { header: "Last used", cell: (c) => when(c.getValue()), meta: { nowrap: true } }),
      col.accessor((t) => (t.revokedAt ? "Revoked" : "Active"), {
        id: "status",
        header: "Status",
        cell: (c) => (c.getValue() === "Active" ? <Badge tone="success" dot>Active</Badge> : <Badge>Revoked</Badge>),
      }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { align: "end", nowrap: true },
        cell: ({ row }) => {
          const t = row.original;
          if (t.revokedAt) return null;
          return (
            <div className="inline-flex gap-2">
              <ConfirmDialog
                tone="primary"
                trigger={(open) => <Button variant="secondary" size="sm" onClick={open} aria-label={`Rotate ${t.name}`}>Rotate</Button>}
                title={`Rotate “${t.name}”?`}
                description="Candor issues a new token and the current one stops working at once. Paste the new token into your identity provider straight away, or provisioning stops until you do."
                confirmLabel="Rotate token"
                pendingLabel="Rotating…"
                onConfirm={() => rotateToken(t.id)}
              />
              <ConfirmDialog
                trigger={(open) => <Button variant="danger" size="sm" onClick={open} aria-label={`Revoke ${t.name}`}>Revoke</Button>}
                title={`Revoke “${t.name}”?`}
                description="Your identity provider can no longer create, update or deactivate Candor users with this token. Users already provisioned keep their accounts. This cannot be undone."
                confirmLabel="Revoke token"
                pendingLabel="Revoking…"
                onConfirm={() => revokeToken(t.id)}
              />
            </div>
          );
        },
      }),
    ],
    [rotateToken, revokeToken],
  );

  return (
    <div className="space-y-5">
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">SCIM base URL</p>
        <p className="mt-1 break-all font-mono text-sm text-slate-900" data-testid="scim-base-url">{scimBaseUrl}</p>
      </div>
      {fresh ? (
        <div role="status" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <p className="font-semibold text-amber-900">Copy the token for “{fresh.name}” now. It will not be shown again.</p>
          <code data-testid="new-scim-token" className="block break-all rounded bg-white px-3 py-2 font-mono text-xs text-slate-900">{fresh.token}</code>
          <Button
            variant="secondary"
            size="sm"
            onClick={async () => {
              await navigator.clipboard.writeText(fresh.token);
              setCopied(true);
            }}
          >
            {copied ? "Copied" : "Copy token"}
          </Button>
        </div>
      ) : null}
      <DataTable
        label="SCIM tokens"
        columns={columns}
        data={tokens}
        getRowId={(t) => t.id}
        empty={
          <EmptyState compact title="No SCIM tokens yet">
            Create one below and paste it into your identity provider&apos;s provisioning settings.
          </EmptyState>
        }
      />
      <form
        aria-label="Create a SCIM token"
        className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-slate-50 p-4 sm:flex-row sm:items-start"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          create.mutate(String(new FormData(form).get("name") ?? ""), { onSuccess: () => form.reset() });
        }}
      >
        <Field label="Token name" hint="Name it after the identity provider and environment that will use it." error={fieldErrors(create.error).name} className="flex-1">
          <Input name="name" required maxLength={80} placeholder="Okta production" />
        </Field>
        <Button type="submit" disabled={create.isPending} className="sm:mt-[1.625rem]">
          {create.isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
      <InlineStatus mutation={create} />
    </div>
  );
}
