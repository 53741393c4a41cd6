"use client";

import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { InlineStatus } from "@/components/ui/inline-status";
import { useQueryClient } from "@tanstack/react-query";
import { PII_LABELS, SCOPE_LABELS, type PiiMode, type Scope } from "@/lib/authz/capabilities";
import type { Grants } from "@/lib/authz/default-matrix";
import { ApiError, apiFetch } from "@/lib/client/fetcher";
import { useApiMutation } from "@/lib/client/use-api-mutation";
import { useSeededQuery } from "@/lib/client/use-seeded-query";
import { accessKeys } from "./query-keys";
import type { MatrixPayload } from "./types";

// The roles × capabilities grid. Edits stay in the page until the admin reviews the changes and
// gives a reason; the save names the version it started from, so a concurrent save by someone else
// answers 409 instead of being overwritten.

type Change = { role: string; roleName: string; what: string; label: string; from: string; to: string };

function diff(base: Grants, draft: Grants, data: MatrixPayload): Change[] {
  const out: Change[] = [];
  for (const role of data.roles) {
    const a = base.roles[role.key];
    const b = draft.roles[role.key];
    if (!a || !b) continue;
    if (a.pii !== b.pii) out.push({ role: role.key, roleName: role.name, what: "pii", label: "Personal data", from: PII_LABELS[a.pii], to: PII_LABELS[b.pii] });
    for (const c of data.capabilities) {
      if (a.scopes[c.key] !== b.scopes[c.key]) {
        out.push({ role: role.key, roleName: role.name, what: c.key, label: c.label, from: SCOPE_LABELS[a.scopes[c.key]], to: SCOPE_LABELS[b.scopes[c.key]] });
      }
    }
  }
  return out;
}

const cellClass = (changed: boolean) =>
  `w-full min-w-[8.5rem] rounded-md border px-2 py-1 text-sm ${changed ? "border-amber-400 bg-amber-50 font-medium text-amber-900" : "border-slate-300 bg-white text-slate-900"}`;

// A cell is "role|capability" or "role|pii"; edits are kept as cells, so they can be laid over a
// newer version when someone else saved meanwhile.
type Edits = Record<string, string>;

function apply(base: Grants, edits: Edits): Grants {
  const grants = structuredClone(base);
  for (const [cell, value] of Object.entries(edits)) {
    const [role, what] = cell.split("|") as [string, string];
    const g = grants.roles[role];
    if (!g) continue;
    if (what === "pii") g.pii = value as PiiMode;
    else (g.scopes as Record<string, Scope>)[what] = value as Scope;
  }
  return grants;
}

export function MatrixEditor({ initial }: { initial: MatrixPayload }) {
  const data = useSeededQuery(accessKeys.matrix(), "/api/v1/admin/matrix", initial);
  const base = data.matrix;
  const [edits, setEdits] = useState<Edits>({});
  // The version the admin's edits were made on; a save names it, so a newer save by someone else
  // answers 409 instead of being overwritten.
  const [editedOn, setEditedOn] = useState(base.version);
  const draft = useMemo(() => apply(base.grants, edits), [base.grants, edits]);
  const changes = useMemo(() => diff(base.grants, draft, data), [base.grants, draft, data]);
  if (changes.length === 0 && editedOn !== base.version) setEditedOn(base.version);

  const queryClient = useQueryClient();
  const save = useApiMutation({
    mutationFn: (reason: string) =>
      apiFetch<{ version: number }>("/api/v1/admin/matrix", { method: "PUT", auth: "cookie", body: { baseVersion: editedOn, grants: draft, reason } }),
    invalidates: [accessKeys.matrix(), accessKeys.versions()],
    onSuccess: () => setEdits({}),
  });
  const stale = save.error instanceof ApiError && save.error.status === 409;

  const edit = (role: string, what: string, value: string) => setEdits((e) => ({ ...e, [`${role}|${what}`]: value }));
  const setScope = (role: string, capability: string, scope: Scope) => edit(role, capability, scope);
  const setPii = (role: string, pii: PiiMode) => edit(role, "pii", pii);
  const changedCell = (role: string, what: string) => changes.some((c) => c.role === role && c.what === what);
  const groups = [
    { title: "On CRM records", caps: data.capabilities.filter((c) => c.kind === "record") },
    { title: "Across the workspace", caps: data.capabilities.filter((c) => c.kind === "tenant") },
  ];

  return (
    <div className="space-y-4">
      <p className="text-slate-600">
        Version {base.version}, saved {new Date(base.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}
        {base.createdBy ? ` by ${base.createdBy}` : " by Candor"}: “{base.reason}”. Scopes widen from <em>own records</em> to <em>their team</em>, <em>their region</em> and <em>all records</em>; each includes the narrower ones.
      </p>
      <div className="flex min-h-12 flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-slate-50 px-4 py-2" aria-live="polite">
        {changes.length === 0 ? (
          <span className="text-slate-600">No unsaved changes.</span>
        ) : (
          <>
            <Badge tone="warning" dot>{changes.length} unsaved {changes.length === 1 ? "change" : "changes"}</Badge>
            <Button variant="secondary" size="sm" onClick={() => setEdits({})}>Discard</Button>
            <ConfirmDialog
              tone="primary"
              trigger={(open) => <Button size="sm" onClick={open}>Review and save</Button>}
              title={`Save version ${editedOn + 1} of the matrix?`}
              description={
                <div className="space-y-2">
                  <p>These changes apply on everyone&apos;s next request, in the CRM panel and on these pages:</p>
                  <ul className="max-h-64 list-disc space-y-1 overflow-auto pl-5">
                    {changes.map((c) => (
                      <li key={`${c.role}:${c.what}`}><strong>{c.roleName}</strong> · {c.label}: {c.from} → <strong>{c.to}</strong></li>
                    ))}
                  </ul>
                </div>
              }
              confirmLabel="Save"
              pendingLabel="Saving…"
              reason={{ label: "Why", hint: "Kept with the version and in the audit log.", minLength: 3 }}
              onConfirm={(reason) => save.mutateAsync(reason)}
            />
          </>
        )}
        <InlineStatus mutation={save} success="Saved. The new matrix applies on the next request." />
        {stale ? (
          <Button
            variant="secondary"
            size="sm"
            onClick={async () => {
              await queryClient.invalidateQueries({ queryKey: accessKeys.matrix() });
              const latest = queryClient.getQueryData<MatrixPayload>(accessKeys.matrix());
              if (latest) setEditedOn(latest.matrix.version);
              save.reset();
            }}
          >
            Lay my changes over the latest version
          </Button>
        ) : null}
      </div>
      <div role="region" aria-label="Permission matrix" tabIndex={0} className="max-h-[68vh] overflow-auto rounded-lg border border-slate-200">
        <table className="w-full min-w-[1040px] border-collapse text-left text-sm">
          <caption className="sr-only">Permission matrix: what each role may do, version {base.version}</caption>
          <thead className="sticky top-0 z-10 bg-slate-50">
            <tr>
              <th scope="col" className="sticky left-0 z-20 w-64 bg-slate-50 px-3 py-2 font-semibold text-slate-700">Capability</th>
              {data.roles.map((r) => (
                <th key={r.key} scope="col" className="px-2 py-2 align-bottom font-semibold text-slate-700">
                  <span className="block">{r.name}</span>
                  <span className="block text-xs font-normal text-slate-500">{r.users} {r.users === 1 ? "user" : "users"}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="border-t border-slate-200 bg-white">
              <th scope="row" className="sticky left-0 bg-white px-3 py-2 font-medium text-slate-900">
                Personal data
                <span className="block text-xs font-normal text-slate-500">Names, emails and phones of people in the CRM.</span>
              </th>
              {data.roles.map((r) => (
                <td key={r.key} className="px-2 py-2">
                  <select
                    aria-label={`Personal data for ${r.name}`}
                    className={cellClass(changedCell(r.key, "pii"))}
                    value={draft.roles[r.key]?.pii ?? "hidden"}
                    onChange={(e) => setPii(r.key, e.target.value as PiiMode)}
                  >
                    {data.piiModes.map((m) => <option key={m} value={m}>{PII_LABELS[m]}</option>)}
                  </select>
                </td>
              ))}
            </tr>
            {groups.map((g) => [
              <tr key={g.title} className="border-t border-slate-200 bg-slate-50">
                <th scope="colgroup" colSpan={data.roles.length + 1} className="px-3 py-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600">{g.title}</th>
              </tr>,
              ...g.caps.map((c) => (
                <tr key={c.key} className="border-t border-slate-100 bg-white">
                  <th scope="row" className="sticky left-0 bg-white px-3 py-2 font-medium text-slate-900">
                    {c.label}
                    <span className="block text-xs font-normal text-slate-500">{c.description}</span>
                  </th>
                  {data.roles.map((r) => (
                    <td key={r.key} className="px-2 py-2">
                      <select
                        aria-label={`${c.label} for ${r.name}`}
                        className={cellClass(changedCell(r.key, c.key))}
                        value={draft.roles[r.key]?.scopes[c.key] ?? "none"}
                        onChange={(e) => setScope(r.key, c.key, e.target.value as Scope)}
                      >
                        {(c.kind === "tenant" ? (["none", "all"] as Scope[]) : data.scopes).map((s) => (
                          <option key={s} value={s}>{c.kind === "tenant" ? (s === "all" ? "Yes" : "No") : SCOPE_LABELS[s]}</option>
                        ))}
                      </select>
                    </td>
                  ))}
                </tr>
              )),
            ])}
          </tbody>
        </table>
      </div>

    </div>
  );
}
