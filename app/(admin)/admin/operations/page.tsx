import { AutoRefresh } from "@/components/admin/operations/auto-refresh";
import { ConnectionCharts } from "@/components/admin/operations/connection-charts";
import { DeadLetterList } from "@/components/admin/operations/dead-letter-list";
import { BREAKER_LABELS, duration, PROVIDER_LABELS, when } from "@/components/admin/operations/format";
import { JobList } from "@/components/admin/operations/job-list";
import { Card } from "@/components/ui/card";
import { StandaloneShell } from "@/components/ui/standalone-shell";
import { pagePrincipalWith } from "@/lib/auth/session";
import { scopeOf } from "@/lib/authz";
import { db } from "@/lib/db";
import { signedInProfile } from "@/lib/identity/admin";
import { ROLE_LABELS } from "@/lib/identity/schema";
import { listDeadLetters } from "@/lib/operations/dead-letters";
import { listJobs, liveWorkers } from "@/lib/operations/jobs";
import { connectionOps } from "@/lib/operations/queues";

export const metadata = { title: "Operations · Candor" };

function Stat({ label, value, tone }: { label: string; value: string; tone?: "bad" }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className={`text-lg font-semibold ${tone === "bad" ? "text-red-800" : "text-slate-900"}`}>{value}</dd>
    </div>
  );
}

export default async function OperationsPage() {
  const principal = await pagePrincipalWith("/admin/operations", "operations.manage");
  const [profile, connections, dead, jobs, workers] = await Promise.all([
    signedInProfile(db, principal),
    connectionOps(principal.tenantId, 60),
    listDeadLetters(principal.tenantId, {}),
    listJobs(principal.tenantId),
    liveWorkers(),
  ]);
  const labels = connections.map((c) => ({ id: c.id, label: `${PROVIDER_LABELS[c.provider]} ${c.externalOrgId}` }));

  return (
    <StandaloneShell user={{ name: profile.name, roleLabel: ROLE_LABELS[profile.role], isAdmin: scopeOf(principal, "admin") !== "none" }} current="operations">
      <AutoRefresh seconds={15} />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Operations</h1>
        <p className="mt-1 text-slate-600">
          Every change Candor makes in your CRMs is queued here first and delivered by the worker processes, within each CRM&apos;s rate limits.
        </p>
      </div>
      {connections.map((c, i) => (
        <Card key={c.id} title={`${labels[i]!.label}: write-back`} description="The last hour, minute by minute (UTC). Refreshes every 15 seconds.">
          <dl className="mb-6 grid grid-cols-2 gap-4 sm:grid-cols-5">
            <Stat label="Waiting" value={String(c.depth)} />
            <Stat label="Oldest waiting" value={c.depth > 0 ? duration(c.lagSeconds) : "—"} />
            <Stat label="Dead letters" value={String(c.dead)} tone={c.dead > 0 ? "bad" : undefined} />
            <Stat label="Circuit breaker" value={BREAKER_LABELS[c.breaker.state] ?? c.breaker.state} tone={c.breaker.state === "closed" ? undefined : "bad"} />
            <Stat label="Paused by the CRM until" value={c.pausedUntil ? when(c.pausedUntil) : "Not paused"} />
          </dl>
          <ConnectionCharts series={c.series} />
        </Card>
      ))}
      <Card title="Dead letters" description="Writes the CRM refused for good, with its own error. Fix the cause (a field's access, a validation rule), then replay.">
        <DeadLetterList items={dead.items} connections={labels} />
      </Card>
      <Card title="Background jobs" description="Training, rescoring and CRM sync, run by the worker processes.">
        <JobList active={jobs.active} recent={jobs.recent} workers={workers} />
      </Card>
    </StandaloneShell>
  );
}
