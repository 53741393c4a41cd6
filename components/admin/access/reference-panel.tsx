"use client";

import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
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
import { accessKeys } from "./query-keys";

// Regions and teams: the reference data the "their region" and "their team" scopes rest on. A
// region in use cannot be removed (the answer says by what); removing a team takes its members out
// of it.

export interface RegionRow { code: string; name: string; users: number; teams: number; mappings: number; records: number }
export interface TeamRow { id: string; name: string; regionCode: string | null; source: string; externalRef: string | null; members: number }

const SOURCES: Record<string, string> = { manual: "Set here", scim_group: "A SCIM group", crm_role: "A Salesforce role" };
const regionCol = columnHelper<RegionRow>();
const teamCol = columnHelper<TeamRow>();
const num = { align: "end" as const, className: "tabular-nums" };

export function ReferencePanel({ regions: initialRegions, teams: initialTeams }: { regions: RegionRow[]; teams: TeamRow[] }) {
  const { regions } = useSeededQuery(accessKeys.regions(), "/api/v1/admin/regions", { regions: initialRegions });
  const { teams } = useSeededQuery(accessKeys.teams(), "/api/v1/admin/teams", { teams: initialTeams });
  const [source, setSource] = useState("manual");

  const addRegion = useApiMutation({
    mutationFn: (body: { code: string; name: string }) => apiFetch("/api/v1/admin/regions", { method: "POST", body, auth: "cookie" }),
    invalidates: [accessKeys.regions()],
  });
  const removeRegion = useApiMutation({
    mutationFn: (code: string) => apiFetch(`/api/v1/admin/regions/${encodeURIComponent(code)}`, { method: "DELETE", auth: "cookie" }),
    invalidates: [accessKeys.regions()],
  });
  const addTeam = useApiMutation({
    mutationFn: (body: Record<string, unknown>) => apiFetch("/api/v1/admin/teams", { method: "POST", body, auth: "cookie" }),
    invalidates: [accessKeys.teams(), accessKeys.regions()],
  });
  const removeTeam = useApiMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/admin/teams/${id}`, { method: "DELETE", auth: "cookie" }),
    invalidates: [accessKeys.teams(), accessKeys.regions()],
  });
  const regionErrors = fieldErrors(addRegion.error);
  const teamErrors = fieldErrors(addTeam.error);
  const deleteRegion = removeRegion.mutateAsync;
  const deleteTeam = removeTeam.mutateAsync;

  const regionColumns = useMemo(
    () => [
      regionCol.accessor("code", { header: "Code", meta: { className: "font-mono text-xs text-slate-900" } }),
      regionCol.accessor("name", { header: "Name" }),
      regionCol.accessor("users", { header: "Users", meta: num }),
      regionCol.accessor("teams", { header: "Teams", meta: num }),
      regionCol.accessor("records", { header: "Records", meta: num }),
      regionCol.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { align: "end" },
        cell: ({ row }) => {
          const r = row.original;
          const used = r.users + r.teams + r.mappings + r.records;
          return (
            <ConfirmDialog
              trigger={(open) => <Button variant="danger" size="sm" onClick={open} aria-label={`Remove the region ${r.code}`}>Remove</Button>}
              title={`Remove the region ${r.name}?`}
              description={used ? `It is still used by ${r.users} user(s), ${r.teams} team(s), ${r.mappings} group mapping(s) and ${r.records} record(s), so Candor will refuse until they move.` : "Nothing uses it."}
              confirmLabel="Remove region"
              pendingLabel="Removing…"
              onConfirm={() => deleteRegion(r.code)}
            />
          );
        },
      }),
    ],
    [deleteRegion],
  );
  const teamColumns = useMemo(
    () => [
      teamCol.accessor("name", { header: "Team", meta: { className: "font-medium text-slate-900" } }),
      teamCol.accessor("regionCode", { header: "Region", cell: (c) => c.getValue() ?? <span className="text-slate-500">—</span> }),
      teamCol.accessor("source", {
        header: "Members come from",
        cell: (c) => (
          <span>
            <Badge tone={c.getValue() === "manual" ? "neutral" : "info"}>{SOURCES[c.getValue()] ?? c.getValue()}</Badge>
            {c.row.original.externalRef ? <span className="ml-2 font-mono text-xs text-slate-600">{c.row.original.externalRef}</span> : null}
          </span>
        ),
      }),
      teamCol.accessor("members", { header: "Members", meta: num }),
      teamCol.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        meta: { align: "end" },
        cell: ({ row }) => {
          const t = row.original;
          return (
            <ConfirmDialog
              trigger={(open) => <Button variant="danger" size="sm" onClick={open} aria-label={`Remove the team ${t.name}`}>Remove</Button>}
              title={`Remove the team ${t.name}?`}
              description={`${t.members} member(s) leave the team at once: records their teammates own drop out of their "their team" scope on the next request.`}
              confirmLabel="Remove team"
              pendingLabel="Removing…"
              onConfirm={() => deleteTeam(t.id)}
            />
          );
        },
      }),
    ],
    [deleteTeam],
  );

  return (
    <div className="space-y-10">
      <section aria-labelledby="regions-title" className="space-y-4">
        <h2 id="regions-title" className="text-base font-semibold text-slate-900">Regions</h2>
        <DataTable
          label="Regions" columns={regionColumns} data={regions} getRowId={(r) => r.code}
          empty={<EmptyState compact title="No regions yet">Add the regions your sales organisation uses; users, teams and group mappings can only name these.</EmptyState>}
        />
        <form
          aria-label="Add a region"
          className="grid gap-3 rounded-lg border border-slate-200 bg-slate-50 p-4 sm:grid-cols-[1fr_2fr_auto] sm:items-start"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const f = new FormData(form);
            addRegion.mutate({ code: String(f.get("code") ?? "").toUpperCase(), name: String(f.get("name") ?? "") }, { onSuccess: () => form.reset() });
          }}
        >
          <Field label="Code" error={regionErrors.code}><Input name="code" required maxLength={16} placeholder="APAC" className="font-mono uppercase" /></Field>
          <Field label="Name" error={regionErrors.name}><Input name="name" required maxLength={60} placeholder="Asia Pacific" /></Field>
          <Button type="submit" disabled={addRegion.isPending} className="sm:mt-[1.625rem]">{addRegion.isPending ? "Adding…" : "Add region"}</Button>
        </form>
        <InlineStatus mutation={addRegion} success="Region added." />
        <InlineStatus mutation={removeRegion} success="Region removed." />
      </section>

      <section aria-labelledby="teams-title" className="space-y-4">
        <h2 id="teams-title" className="text-base font-semibold text-slate-900">Teams</h2>
        <DataTable
          label="Teams" columns={teamColumns} data={teams} getRowId={(t) => t.id}
          empty={<EmptyState compact title="No teams yet">A team makes the &ldquo;their team&rdquo; scope mean something. Link it to a SCIM group or a Salesforce role and Candor keeps its members current.</EmptyState>}
        />
        <form
          aria-label="Add a team"
          className="grid gap-3 rounded-lg border border-slate-200 bg-slate-50 p-4 sm:grid-cols-2"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const f = new FormData(form);
            const region = String(f.get("regionCode") ?? "");
            const ref = String(f.get("externalRef") ?? "").trim();
            addTeam.mutate(
              { name: String(f.get("name") ?? ""), regionCode: region || null, source, externalRef: source === "manual" ? null : ref || null },
              { onSuccess: () => { form.reset(); setSource("manual"); } },
            );
          }}
        >
          <Field label="Name" error={teamErrors.name}><Input name="name" required maxLength={80} placeholder="EMEA Enterprise" /></Field>
          <Field label="Region" optional error={teamErrors.regionCode}>
            <Select name="regionCode" defaultValue="">
              <option value="">No region</option>
              {regions.map((r) => <option key={r.code} value={r.code}>{r.name} ({r.code})</option>)}
            </Select>
          </Field>
          <Field label="Members come from" error={teamErrors.source}>
            <Select name="source" value={source} onChange={(e) => setSource(e.target.value)}>
              {Object.entries(SOURCES).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </Select>
          </Field>
          {source === "manual" ? null : (
            <Field label={source === "scim_group" ? "Group name" : "Salesforce role id"} error={teamErrors.externalRef}>
              <Input name="externalRef" required maxLength={256} className="font-mono" placeholder={source === "scim_group" ? "candor-team-emea-enterprise" : "00E5g000001AbCdEAK"} />
            </Field>
          )}
          <div className="sm:col-span-2">
            <Button type="submit" disabled={addTeam.isPending}>{addTeam.isPending ? "Adding…" : "Add team"}</Button>
          </div>
        </form>
        <InlineStatus mutation={addTeam} success="Team added; members of a linked group joined it at once." />
        <InlineStatus mutation={removeTeam} success="Team removed." />
      </section>
    </div>
  );
}
