import { redirect } from "next/navigation";
import { currentPagePrincipal, safeReturnPath, SSO_PROVIDER_ID, ssoEnabled } from "@/lib/auth/session";
import { Notice } from "@/components/ui/card";
import { SignInButton } from "@/components/ui/sign-in-button";

export const metadata = { title: "Sign in · Candor" };

// What a refused or failed sign-in means, in words a user can act on. Codes come from
// lib/identity/sso.ts (refusals) and next-auth (protocol failures).
const ERRORS: Record<string, { title: string; body: string }> = {
  not_provisioned: {
    title: "Your account is not set up in Candor",
    body: "Your company account signed in, but Candor has no active user for it. Ask your Candor admin to assign you the Candor app.",
  },
  inactive: { title: "Your Candor account is deactivated", body: "Ask your Candor admin if you need access again." },
  unknown_issuer: {
    title: "This sign-in service is not connected to Candor",
    body: "Candor does not recognise the identity provider that answered. Your admin needs to finish the SSO setup.",
  },
  subject_conflict: {
    title: "This email is linked to a different company account",
    body: "Candor already links your email address to another sign-in identity. Your Candor admin can re-link it.",
  },
};
const FAILED = { title: "Sign-in did not complete", body: "The sign-in was interrupted or expired. Try again." };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : undefined);
  const callbackUrl = safeReturnPath(one("callbackUrl"));
  const error = one("error");
  if (!error && (await currentPagePrincipal())) redirect(callbackUrl);
  const problem = error ? (ERRORS[error] ?? FAILED) : null;

  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-sm space-y-6">
        <div className="text-center">
          <p className="text-2xl font-semibold tracking-tight text-slate-900">Candor</p>
          <h1 className="mt-6 text-xl font-semibold text-slate-900">Sign in to the dashboards</h1>
          <p className="mt-2 text-slate-600">Use the same company account you use for email and your CRM.</p>
        </div>
        <div className="space-y-4 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          {one("state") === "signed-out" && !problem ? <Notice tone="success">You have signed out.</Notice> : null}
          {problem ? <Notice tone="error" title={problem.title}>{problem.body}</Notice> : null}
          {ssoEnabled() ? (
            <SignInButton providerId={SSO_PROVIDER_ID} callbackUrl={callbackUrl} />
          ) : (
            <Notice title="Single sign-on is not configured">
              An administrator must set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (see docs/sso.md).
            </Notice>
          )}
          <p className="text-xs text-slate-500">
            You will be sent to your company&apos;s sign-in page and brought back here. In Salesforce or HubSpot,
            Candor&apos;s panel needs no sign-in.
          </p>
        </div>
      </div>
    </main>
  );
}
