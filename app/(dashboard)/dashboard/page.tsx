import Link from "next/link";
import type { SearchParams } from "nuqs/server";
import { AccessSummary } from "@/components/dashboard/access-summary";
import { BandChart } from "@/components/dashboard/band-chart";
import { dashboardFilters, loadDashboardFilters } from "@/components/dashboard/filters";
import { ProfileCard } from "@/components/dashboard/profile-card";
import { AppShell, shellUser } from "@/components/ui/app-shell";
import { Card, Notice } from "@/components/ui/card";
import { FilterBar } from "@/components/ui/filter-bar";
import { canOpen } from "@/components/ui/nav";
import { PageHeader } from "@/components/ui/page-header";
import { Stat, StatGrid } from "@/components/ui/stat";
import { openRecordsByBand } from "@/lib/analytics/score-bands";
import { pagePrincipal } from "@/lib/auth/session";
import { CAPABILITIES, piiMode, type Capability, type Scope } from "@/lib/authz";
import { shellScopes } from "@/lib/authz/shell-scopes";
import { db } from "@/lib/db";
import { signedInProfile } from "@/lib/identity/admin";

export const metadata = { title: "Dashboard · Candor" };

const share = (part: number, whole: number) => (whole === 0 ? "—" : `${Math.round((part / whole) * 100)} %`);

export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const principal = await pagePrincipal("/dashboard");
  const filters = await loadDashboardFilters(searchParams);
  const [profile, bands] = await Promise.all([
    signedInProfile(db, principal),
    openRecordsByBand(db, principal, { provider: filters.crm }),
  ]);
  const scopes = shellScopes(principal);
  const access = CAPABILITIES.map((c): [Capability, Scope] => [c, scopes[c]]);
  const firstName = profile.name.split(" ")[0];
  // Everyone signed in lands here; the pipeline figures are for roles that may view dashboards.
  const pipeline = canOpen(scopes, { capability: "dashboards.view" });
  const open = bands.reduce((n, b) => n + b.count, 0);
  const hot = bands.find((b) => b.band === "A")?.count ?? 0;
  const scopeWords = {
    own: "that you own",
    team: "of your team",
    region: `in ${profile.region ?? "your region"}`,
    all: `across ${profile.tenantName}`,
    none: "you may see",
  }[scopes["dashboards.view"]];

  return (
    <AppShell user={shellUser(profile)} scopes={scopes} path="/dashboard">
      <PageHeader
        actions={pipeline ? <FilterBar specs={dashboardFilters.specs} /> : undefined}
        title={`Welcome, ${firstName}`}
        description={`You are signed in to Candor for ${profile.tenantName} as ${principal.roleName.toLowerCase()}${profile.region ? ` in ${profile.region}` : ""}.`}
      />
      {pipeline ? (
        <>
          <StatGrid label="Open pipeline">
            <Stat label="Open scored records" value={open.toLocaleString("en")} help={`Open records ${scopeWords} with a current score.`} />
            <Stat label="Hot (band A)" value={hot.toLocaleString("en")} help={`${share(hot, open)} of open records: follow these up first.`} />
            <Stat
              label="Warm (band B)"
              value={(bands.find((b) => b.band === "B")?.count ?? 0).toLocaleString("en")}
              help="Above the base rate: worth active follow-up."
            />
          </StatGrid>
          <BandChart bands={bands} scopeWords={scopeWords} />
        </>
      ) : (
        <Notice title="Dashboards are not part of your role">
          The pages your role may use appear in the navigation as they become available. Ask your Candor admin if you need the
          team dashboards.
        </Notice>
      )}
      <div className="grid items-start gap-6 xl:grid-cols-2">
        <ProfileCard profile={profile} />
        <AccessSummary scopes={access} region={profile.region} pii={piiMode(principal)} />
      </div>
      <Card title="Where to go from here">
        <ul className="list-disc space-y-2 pl-5 text-slate-700">
          <li>Scores, their reasons and summaries live on each lead, contact, account and deal page in Salesforce or HubSpot.</li>
          <li>Team dashboards (conversion by band, calibration, adoption, flags waiting for review) are on their way to this page.</li>
          {canOpen(scopes, { capability: "identity.manage" }) ? (
            <li>
              <Link href="/admin/identity" className="font-medium text-brand-700 hover:underline">Identity &amp; access</Link>: map your
              company&apos;s groups to Candor roles, and connect user provisioning (SCIM).
            </li>
          ) : null}
        </ul>
      </Card>
    </AppShell>
  );
}
