import { CheckAccess } from "@/components/admin/access/check-access";
import { HistoryPanel } from "@/components/admin/access/history-panel";
import { MatrixEditor } from "@/components/admin/access/matrix-editor";
import { ReferencePanel } from "@/components/admin/access/reference-panel";
import { RolesPanel } from "@/components/admin/access/roles-panel";
import type { MatrixPayload } from "@/components/admin/access/types";
import { AppShell, shellUser } from "@/components/ui/app-shell";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Tabs } from "@/components/ui/tabs";
import { pagePrincipalWith } from "@/lib/auth/session";
import { CAPABILITIES, CAPABILITY_INFO, PII_MODES, SCOPES } from "@/lib/authz";
import { currentMatrix, listRoles, matrixHistory } from "@/lib/authz/admin";
import { listRegions, listTeams } from "@/lib/authz/reference-data";
import { shellScopes } from "@/lib/authz/shell-scopes";
import { db } from "@/lib/db";
import { searchUsers, signedInProfile } from "@/lib/identity/admin";

export const metadata = { title: "Access & roles · Candor" };

// The permission matrix and everything it rests on, for roles that manage it (matrix.manage).
export default async function AccessPage() {
  const principal = await pagePrincipalWith("/admin/access", "matrix.manage");
  const [profile, matrix, roles, versions, regions, teams, users] = await Promise.all([
    signedInProfile(db, principal),
    currentMatrix(db, principal.tenantId),
    listRoles(db, principal.tenantId),
    matrixHistory(db, principal.tenantId),
    listRegions(db, principal.tenantId),
    listTeams(db, principal.tenantId),
    searchUsers(db, principal, "", 50),
  ]);
  const payload: MatrixPayload = {
    matrix, roles, scopes: SCOPES, piiModes: PII_MODES,
    capabilities: CAPABILITIES.map((key) => ({ key, ...CAPABILITY_INFO[key] })),
  };
  const roleNames = roles.map((r) => ({ key: r.key, name: r.name }));

  return (
    <AppShell user={shellUser(profile)} scopes={shellScopes(principal)} path="/admin/access">
      <PageHeader
        eyebrow="Admin"
        title="Access & roles"
        description="Who may see and do what, on which records, and how personal data appears to them — in the CRM panel, on these pages, in exports and through the API. Changes apply on the next request."
      />
      <Tabs
        label="Access"
        items={[
          { value: "matrix", label: "Permission matrix", content: <Card title="Permission matrix" description="Each cell is what a role may do and on which records."><MatrixEditor initial={payload} /></Card> },
          { value: "roles", label: "Roles", content: <Card title="Roles" description="Create a role empty or as a copy of another; give it grants in the matrix; map a group to it under Identity & access."><RolesPanel initial={payload} /></Card> },
          { value: "reference", label: "Regions & teams", content: <Card title="Regions and teams" description="What the region and team scopes mean. Users, teams and group mappings can only name regions listed here."><ReferencePanel regions={regions} teams={teams} /></Card> },
          { value: "history", label: "History", content: <Card title="Version history" description="Every save, with who, when and why. Reverting saves an older version again as a new one."><HistoryPanel initial={versions} roles={roleNames} /></Card> },
          { value: "check", label: "Check access", content: <Card title="Check access" description="Why a person can or cannot see or do something on a record."><CheckAccess users={users} /></Card> },
        ]}
      />
    </AppShell>
  );
}
