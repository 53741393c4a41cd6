import { MappingManager } from "@/components/admin/mapping-manager";
import { ScimTokenManager } from "@/components/admin/scim-token-manager";
import { SsoSetup } from "@/components/admin/sso-setup";
import { UnmatchedPolicyForm } from "@/components/admin/unmatched-policy-form";
import { AppShell, shellUser } from "@/components/ui/app-shell";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { pagePrincipalWith, SSO_PROVIDER_ID } from "@/lib/auth/session";
import { listRoles } from "@/lib/authz/admin";
import { listRegions } from "@/lib/authz/reference-data";
import { shellScopes } from "@/lib/authz/shell-scopes";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { identitySettings, listMappings, signedInProfile } from "@/lib/identity/admin";
import { scimBaseUrl } from "@/lib/scim/route";
import { listScimTokens } from "@/lib/scim/service-tokens";

export const metadata = { title: "Identity & access · Candor" };

export default async function IdentityAdminPage() {
  const principal = await pagePrincipalWith("/admin/identity", "identity.manage");
  const [profile, mappings, tokens, settings, roles, regions] = await Promise.all([
    signedInProfile(db, principal),
    listMappings(db, principal.tenantId),
    listScimTokens(db, principal.tenantId),
    identitySettings(db, principal.tenantId),
    listRoles(db, principal.tenantId),
    listRegions(db, principal.tenantId),
  ]);
  const base = env.PUBLIC_BASE_URL.replace(/\/+$/, "");

  return (
    <AppShell
      user={shellUser(profile)}
      scopes={shellScopes(principal)}
      path="/admin/identity"
    >
      <PageHeader
        eyebrow="Admin"
        title="Identity & access"
        description="Who can sign in, how their role is decided, and how your identity provider keeps Candor's users up to date."
      />
      <Card title="Single sign-on" description="Values to register in your identity provider.">
        <SsoSetup
          issuer={settings.ssoIssuer}
          configuredIssuer={env.OIDC_ISSUER ?? null}
          callbackUrl={`${base}/api/auth/callback/${SSO_PROVIDER_ID}`}
          signOutUrl={`${base}/signin`}
          scimBaseUrl={scimBaseUrl()}
        />
      </Card>
      <Card
        title="Group to role mappings"
        description="A user's role comes from the highest-priority mapped group they belong to; their region from the highest-priority mapped group that names one. Changes apply to provisioned members at once and to everyone else at their next sign-in."
      >
        <MappingManager mappings={mappings} roles={roles.map((r) => ({ key: r.key, name: r.name }))} regions={regions} />
      </Card>
      <Card title="User provisioning (SCIM 2.0)" description="Tokens let Okta, Entra ID and other identity providers create, update and deactivate Candor users. Deactivation ends the user's sessions at once.">
        <ScimTokenManager tokens={tokens} scimBaseUrl={scimBaseUrl()} />
      </Card>
      <Card title="CRM users without a Candor account" description="When someone opens Candor in Salesforce or HubSpot and matches no Candor user by CRM id, federation id or email:">
        <UnmatchedPolicyForm current={settings.unmatchedUserPolicy} />
      </Card>
    </AppShell>
  );
}
