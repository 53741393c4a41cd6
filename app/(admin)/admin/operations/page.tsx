import { AutoRefresh } from "@/components/admin/operations/auto-refresh";
import { ConnectionSection } from "@/components/admin/operations/connection-section";
import { DeadLetterTable } from "@/components/admin/operations/dead-letter-table";
import { PROVIDER_LABELS } from "@/components/admin/operations/format";
import { JobTables } from "@/components/admin/operations/job-tables";
import { AppShell, shellUser } from "@/components/ui/app-shell";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { pagePrincipalWith } from "@/lib/auth/session";
import { shellScopes } from "@/lib/authz/shell-scopes";
import { db } from "@/lib/db";
import { signedInProfile } from "@/lib/identity/admin";
import { listDeadLetters } from "@/lib/operations/dead-letters";
import { listJobs, liveWorkers } from "@/lib/operations/jobs";
import { connectionOps } from "@/lib/operations/queues";

export const metadata = { title: "Operations · Candor" };

// The broker's operations page (operations.manage): per CRM connection the write-back queue over
// the last hour, the dead letters with the CRM's own error (replay, discard), and background jobs.
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
    <AppShell user={shellUser(profile)} scopes={shellScopes(principal)} path="/admin/operations">
      <AutoRefresh seconds={15} />
      <PageHeader
        eyebrow="Admin"
        title="Operations"
        description="Every change Candor makes in your CRMs is queued here first and delivered by the worker processes, within each CRM's rate limit. Refreshes every 15 seconds; times are UTC."
      />
      {connections.length === 0 ? (
        <Card title="CRM write-back">
          <EmptyState title="No CRM connected">Connect Salesforce or HubSpot; its write-back queue appears here.</EmptyState>
        </Card>
      ) : (
        connections.map((c, i) => <ConnectionSection key={c.id} connection={c} label={labels[i]!.label} />)
      )}
      <Card title="Dead letters" description="Writes the CRM refused for good, with its own error. Fix the cause (a field's access, a validation rule), then replay.">
        <DeadLetterTable items={dead.items} connections={labels} />
      </Card>
      <Card title="Background jobs" description="Training, rescoring and CRM sync, run by the worker processes.">
        <JobTables active={jobs.active} recent={jobs.recent} workers={workers} />
      </Card>
    </AppShell>
  );
}
