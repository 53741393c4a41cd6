"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import type { ScimTokenView } from "@/lib/scim/service-tokens";
import { adminRequest, problemText } from "./admin-request";

const UTC = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const when = (iso: string | null) => (iso ? `${UTC.format(new Date(iso))} UTC` : "Never");

// The token is only ever in the create/rotate response, so it lives in component state until
// the admin copies it or leaves the page.
export function ScimTokenManager({ tokens, scimBaseUrl }: { tokens: ScimTokenView[]; scimBaseUrl: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fresh, setFresh] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);

  function run(action: () => Promise<{ token?: string; scimToken?: ScimTokenView } | unknown>) {
    setError(null);
    setCopied(false);
    startTransition(async () => {
      try {
        const result = (await action()) as { token?: string; scimToken?: ScimTokenView };
        setFresh(result.token && result.scimToken ? { name: result.scimToken.name, token: result.token } : null);
        router.refresh();
      } catch (err) {
        setError(problemText(err));
      }
    });
  }

  return (
    <div className="space-y-5">
      <div>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">SCIM base URL</p>
        <p className="mt-1 font-mono text-sm text-slate-900" data-testid="scim-base-url">{scimBaseUrl}</p>
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
      {tokens.length === 0 ? (
        <p className="text-slate-600">No tokens yet. Create one and paste it into your identity provider&apos;s provisioning settings.</p>
      ) : (
        <table className="w-full text-left" aria-label="SCIM tokens">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="pb-2 font-medium">Name</th>
              <th scope="col" className="pb-2 font-medium">Created</th>
              <th scope="col" className="pb-2 font-medium">Last used</th>
              <th scope="col" className="pb-2 font-medium">Status</th>
              <th scope="col" className="pb-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.map((t) => (
              <tr key={t.id}>
                <td className="py-2 text-slate-900">{t.name}</td>
                <td className="py-2 text-slate-700">{when(t.createdAt)}</td>
                <td className="py-2 text-slate-700">{when(t.lastUsedAt)}</td>
                <td className="py-2">
                  {t.revokedAt ? <span className="text-slate-500">Revoked</span> : <span className="font-medium text-emerald-700">Active</span>}
                </td>
                <td className="space-x-2 py-2 text-right">
                  {t.revokedAt ? null : (
                    <>
                      <Button variant="secondary" size="sm" disabled={pending}
                        onClick={() => run(() => adminRequest(`/api/v1/admin/scim-tokens/${t.id}/rotate`, { method: "POST" }))}>
                        Rotate
                      </Button>
                      <Button variant="danger" size="sm" disabled={pending}
                        onClick={() => run(() => adminRequest(`/api/v1/admin/scim-tokens/${t.id}`, { method: "DELETE" }))}>
                        Revoke
                      </Button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-slate-50 p-4 sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const name = String(new FormData(form).get("name") ?? "");
          run(async () => {
            const created = await adminRequest("/api/v1/admin/scim-tokens", { method: "POST", body: { name } });
            form.reset();
            return created;
          });
        }}
      >
        <label className="flex-1 space-y-1">
          <span className="text-xs font-medium text-slate-700">Token name</span>
          <input name="name" required maxLength={80} placeholder="Okta production"
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 placeholder:text-slate-400" />
        </label>
        <Button type="submit" disabled={pending}>Create token</Button>
      </form>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
