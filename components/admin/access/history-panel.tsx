"use client";

import { useMemo } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { columnHelper } from "@/components/ui/data-table-columns";
import { InlineStatus } from "@/components/ui/inline-status";
import { apiFetch } from "@/lib/client/fetcher";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { useSeededQuery } from "@/lib/client/use-seeded-query";
import { accessKeys } from "./query-keys";
import type { VersionView } from "./types";

// Every saved matrix with who, when, why and what changed; any older version can be put back,
// which saves its grants again as a new version (nothing is rewritten).

const col = columnHelper<VersionView>();
const CAPABILITY_WORDS: Record<string, string> = { pii: "Personal data", role: "Role" };

function Changes({ v, roleName }: { v: VersionView; roleName: (key: string) => string }) {
  if (v.changes.length === 0) return <span className="text-slate-500">{v.version === 1 ? "The starting matrix" : "No change"}</span>;
  return (
    <details>
      <summary className="cursor-pointer text-slate-800">{v.changes.length} {v.changes.length === 1 ? "change" : "changes"}</summary>
      <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-slate-700">
        {v.changes.map((c) => (
          <li key={`${c.role}:${c.what}`}>
            {roleName(c.role)} · {CAPABILITY_WORDS[c.what] ?? c.what}: {c.from} → {c.to}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function HistoryPanel({ initial, roles }: { initial: VersionView[]; roles: Array<{ key: string; name: string }> }) {
  const { versions } = useSeededQuery(accessKeys.versions(), "/api/v1/admin/matrix/versions", { versions: initial });
  const current = versions[0]?.version ?? 1;
  const revert = useApiMutation({
    mutationFn: ({ toVersion, reason }: { toVersion: number; reason: string }) =>
      apiFetch("/api/v1/admin/matrix/revert", { method: "POST", body: { baseVersion: current, toVersion, reason }, auth: "cookie" }),
    invalidates: [accessKeys.versions(), accessKeys.matrix()],
    refresh: true,
  });
  const revertTo = revert.mutateAsync;
  const names = useMemo(() => new Map(roles.map((r) => [r.key, r.name])), [roles]);

  const columns = useMemo(
    () => [
      col.accessor("version", {
        header: "Version",
        meta: { className: "tabular-nums", nowrap: true },
        cell: (c) => (
          <span className="inline-flex items-center gap-2">
            {c.getValue()}
            {c.getValue() === current ? <Badge tone="success" dot>In force</Badge> : null}
            {c.row.original.revertOf ? <Badge tone="info">Back to {c.row.original.revertOf}</Badge> : null}
          </span>
        ),
      }),
      col.accessor("createdAt", {
        header: "Saved",
        meta: { nowrap: true },
        cell: (c) => new Date(c.getValue()).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }),
      }),
      col.accessor("createdBy", { header: "By" }),
      col.accessor("reason", { header: "Why" }),
      col.display({ id: "changes", header: "What changed", cell: ({ row }) => <Changes v={row.original} roleName={(k) => names.get(k) ?? k} /> }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { align: "end" },
        cell: ({ row }) =>
          row.original.version === current ? null : (
            <ConfirmDialog
              tone="primary"
              trigger={(open) => (
                <Button variant="secondary" size="sm" onClick={open} aria-label={`Revert to version ${row.original.version}`}>Revert to this</Button>
              )}
              title={`Put version ${row.original.version} back in force?`}
              description={`Its grants are saved again as version ${current + 1} and apply on everyone's next request. Roles created since then keep existing, with no grants in it.`}
              confirmLabel="Revert"
              pendingLabel="Reverting…"
              reason={{ label: "Why", hint: "Kept with the new version and in the audit log." }}
              onConfirm={(reason) => revertTo({ toVersion: row.original.version, reason })}
            />
          ),
      }),
    ],
    [current, names, revertTo],
  );

  return (
    <div className="space-y-3">
      <DataTable label="Matrix versions" columns={columns} data={versions} getRowId={(v) => String(v.version)} />
      <InlineStatus mutation={revert} success="Reverted. The older grants apply on the next request." />
    </div>
  );
}
