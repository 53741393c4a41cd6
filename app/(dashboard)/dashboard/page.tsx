import Link from "next/link";
import { AccessSummary } from "@/components/dashboard/access-summary";
import { ProfileCard } from "@/components/dashboard/profile-card";
import { Card } from "@/components/ui/card";
import { StandaloneShell } from "@/components/ui/standalone-shell";
import { pagePrincipal } from "@/lib/auth/session";
import { CAPABILITIES, can, piiMode, scopeOf, type Capability, type Scope } from "@/lib/authz";
import { db } from "@/lib/db";
import { signedInProfile } from "@/lib/identity/admin";

export const metadata = { title: "Dashboard · Candor" };

export default async function DashboardPage() {
  const principal = await pagePrincipal("/dashboard");
  const profile = await signedInProfile(db, principal);
  const isAdmin = can(principal, "identity.manage");
  const scopes = CAPABILITIES.map((c): [Capability, Scope] => [c, scopeOf(principal, c)]);
  const firstName = profile.name.split(" ")[0];

  return (
    <StandaloneShell user={{ name: profile.name, roleLabel: principal.roleName, isAdmin }} current="dashboard">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome, {firstName}</h1>
        <p className="mt-1 text-slate-600">
          You are signed in to Candor for {profile.tenantName} as {principal.roleName.toLowerCase()}
          {profile.region ? ` in ${profile.region}` : ""}.
        </p>
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-2">
        <ProfileCard profile={profile} />
        <AccessSummary scopes={scopes} region={profile.region} pii={piiMode(principal)} />
      </div>
      <Card title="Where to go from here">
        <ul className="list-disc space-y-2 pl-5 text-slate-700">
          <li>Scores, their reasons and summaries live on each lead, contact, account and deal page in Salesforce or HubSpot.</li>
          <li>Team dashboards (score trends for your region, flags waiting for review) are not built yet; this page will grow into them.</li>
          {isAdmin ? (
            <li>
              <Link href="/admin/identity" className="font-medium text-brand-700 hover:underline">Identity &amp; access</Link>: map your
              company&apos;s groups to Candor roles, and connect user provisioning (SCIM).
            </li>
          ) : null}
        </ul>
      </Card>
    </StandaloneShell>
  );
}
