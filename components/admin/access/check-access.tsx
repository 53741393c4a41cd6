"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { CAPABILITY_INFO, type Capability } from "@/lib/authz/capabilities";
import { apiFetch, problemText } from "@/lib/client/fetcher";
import { accessKeys } from "./query-keys";

// "Check access": pick a person and a CRM record, see for every record capability whether the
// person may, and the rule that decided — read from the same engine every request uses.

interface UserOption { id: string; name: string; email: string; roleName: string; region: string | null; team: string | null; active: boolean }
interface Decision { capability: string; allowed: boolean; scopeLabel: string; rule: string; because: string }
interface CheckResult {
  user: { roleName: string; region: string | null };
  record: { name: string; region: string | null; owner: string | null } | null;
  matrixVersion: number;
  pii: { label: string };
  decisions: Decision[];
}


export function CheckAccess({ users: initialUsers }: { users: UserOption[] }) {
  const [q, setQ] = useState("");
  const [input, setInput] = useState<Record<string, string> | null>(null);
  const users = useQuery({
    queryKey: accessKeys.users(q),
    queryFn: ({ signal }) => apiFetch<{ users: UserOption[] }>(`/api/v1/admin/users?${new URLSearchParams({ q, limit: "50" })}`, { signal, auth: "cookie" }),
    initialData: q === "" ? { users: initialUsers } : undefined,
  });
  const check = useQuery({
    queryKey: accessKeys.check(input ?? {}),
    queryFn: ({ signal }) => apiFetch<CheckResult>(`/api/v1/admin/check-access?${new URLSearchParams(input!)}`, { signal, auth: "cookie" }),
    enabled: input !== null,
    retry: false,
  });
  const options = users.data?.users ?? [];

  return (
    <div className="space-y-5">
      <form
        aria-label="Check access"
        className="grid gap-3 rounded-lg border border-slate-200 bg-slate-50 p-4 md:grid-cols-2 xl:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          setInput({
            userId: String(f.get("userId") ?? ""), provider: String(f.get("provider") ?? ""),
            objectType: String(f.get("objectType") ?? "").trim(), externalId: String(f.get("externalId") ?? "").trim(),
          });
        }}
      >
        <Field label="Find a person" hint="Name or email.">
          <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Zara" />
        </Field>
        <Field label="Person">
          <Select name="userId" required defaultValue="">
            <option value="" disabled>{options.length ? "Choose…" : "No one matches"}</option>
            {options.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} · {u.roleName}{u.region ? ` · ${u.region}` : ""}{u.active ? "" : " (deactivated)"}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="CRM">
          <Select name="provider" defaultValue="SALESFORCE">
            <option value="SALESFORCE">Salesforce</option>
            <option value="HUBSPOT">HubSpot</option>
          </Select>
        </Field>
        <Field label="Record type" hint="Lead, Contact, Account, Opportunity; contact, company, deal.">
          <Input name="objectType" required defaultValue="Lead" maxLength={40} />
        </Field>
        <Field label="Record id" hint="As the CRM shows it." className="md:col-span-2 xl:col-span-3">
          <Input name="externalId" required maxLength={64} className="font-mono" placeholder="00QHs000000GXIgMAO" />
        </Field>
        <Button type="submit" className="self-end justify-self-start">Check</Button>
      </form>

      <div aria-live="polite" aria-busy={check.isFetching}>
        {check.isError ? <p role="alert" className="text-red-700">{problemText(check.error)}</p> : null}
        {check.data ? (
          <div className="space-y-3">
            <p className="text-slate-700">
              As a <strong>{check.data.user.roleName}</strong>{check.data.user.region ? ` in ${check.data.user.region}` : ""}, under matrix version {check.data.matrixVersion},
              on {check.data.record ? <><strong>{check.data.record.name}</strong> ({check.data.record.region ?? "no region"}, owned by {check.data.record.owner ?? "nobody in Candor"})</> : "a record Candor has not synced"}.
              Personal data: <strong>{check.data.pii.label}</strong>.
            </p>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">What this person may do on this record</caption>
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr><th scope="col" className="py-2 pr-3">Capability</th><th scope="col" className="py-2 pr-3">Decision</th><th scope="col" className="py-2">Rule, and why</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {check.data.decisions.map((d) => (
                  <tr key={d.capability}>
                    <th scope="row" className="py-2 pr-3 font-medium text-slate-900">{CAPABILITY_INFO[d.capability as Capability]?.label ?? d.capability}</th>
                    <td className="py-2 pr-3">{d.allowed ? <Badge tone="success" dot>Allowed</Badge> : <Badge tone="danger" dot>Denied</Badge>}</td>
                    <td className="py-2 text-slate-700">{d.rule} <span className="text-slate-500">{d.because}</span></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </div>
    </div>
  );
}
