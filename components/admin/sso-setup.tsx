// What an admin types into the IdP when registering Candor (docs/sso.md walks through each IdP).
export function SsoSetup({ issuer, configuredIssuer, callbackUrl, signOutUrl, scimBaseUrl }: {
  issuer: string | null;
  configuredIssuer: string | null;
  callbackUrl: string;
  signOutUrl: string;
  scimBaseUrl: string;
}) {
  const rows: Array<[string, string]> = [
    ["Sign-in redirect URI", callbackUrl],
    ["Sign-out redirect URI", signOutUrl],
    ["SCIM base URL", scimBaseUrl],
  ];
  const mismatch = issuer && configuredIssuer && issuer !== configuredIssuer;
  return (
    <div className="space-y-4">
      <p className="text-slate-700">
        {issuer ? (
          <>Users of this workspace sign in through <span className="font-mono text-sm text-slate-900">{issuer}</span>.</>
        ) : (
          <>No identity provider is linked to this workspace yet, so nobody can sign in to these pages with SSO.</>
        )}
      </p>
      {mismatch ? (
        <p role="alert" className="text-red-700">
          The server is configured for <span className="font-mono">{configuredIssuer}</span>, which is not this workspace&apos;s issuer.
        </p>
      ) : null}
      <dl className="grid gap-3 sm:grid-cols-3">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className="mt-1 break-all font-mono text-xs text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
