import "server-only";
import { recordAudit } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import type { CrmProvider } from "@/lib/generated/prisma/enums";
import { LEAST_PRIVILEGE } from "./roles";

// Resolves a CRM user to exactly one Candor user of the tenant, trying in order:
//   1. an existing identity link (provider + org/portal + CRM user id);
//   2. the Salesforce federation id (the SSO/SAML name the org keys its users by), matched against
//      the IdP's identifiers Candor holds: SCIM externalId, SCIM userName, OIDC subject;
//   3. the email, among the tenant's users.
// A match at 2 or 3 is remembered as a link, so the next visit takes rule 1. More than one
// candidate is refused rather than guessed. No match → the tenant's policy decides: refuse, or a
// least-privilege account. Every outcome is audited with the rule that decided it.
export interface CrmUserRef {
  tenantId: string;
  provider: CrmProvider;
  // Salesforce organizationId or HubSpot portal id.
  externalOrgId: string;
  externalUserId: string;
  email: string;
  name: string;
  // Salesforce User.FederationIdentifier, when the org sets one.
  federationId?: string | null;
}

export type LinkRule = "identity" | "federation_id" | "email" | "least_privilege";

export type LinkOutcome =
  | { ok: true; userId: string; rule: LinkRule }
  | { ok: false; rule: "refused" | "inactive" | "ambiguous" };

export type UnmatchedUserPolicy = "refuse" | "least_privilege";

export async function resolveCrmUser(tx: Tx, ref: CrmUserRef, policy: string): Promise<LinkOutcome> {
  const outcome = await decide(tx, ref, policy);
  await recordAudit(
    {
      tenantId: ref.tenantId,
      actorUserId: outcome.ok ? outcome.userId : null,
      actorType: "crm",
      action: "identity.resolve",
      resourceType: "crm_identity",
      resourceId: `${ref.provider}:${ref.externalOrgId}:${ref.externalUserId}`,
      outcome: outcome.ok ? "success" : "denied",
      details: { rule: outcome.rule, policy },
    },
    tx,
  );
  return outcome;
}

type Candidate = { id: string; active: boolean };

function settle(candidates: Candidate[]): LinkOutcome | "link" | null {
  const unique = [...new Map(candidates.map((c) => [c.id, c])).values()];
  if (unique.length === 0) return null;
  if (unique.length > 1) return { ok: false, rule: "ambiguous" };
  return unique[0]!.active ? "link" : { ok: false, rule: "inactive" };
}

async function byFederationId(tx: Tx, tenantId: string, federationId: string): Promise<Candidate[]> {
  const viaColumns = await tx.user.findMany({
    where: { tenantId, OR: [{ externalId: federationId }, { ssoSubject: federationId }] },
    select: { id: true, active: true },
  });
  // SCIM userName is caseExact=false; Salesforce compares federation ids case-insensitively too.
  const viaUserName = await tx.$queryRaw<Candidate[]>`
    SELECT id::text AS id, active FROM users
    WHERE tenant_id = ${tenantId}::uuid AND lower(scim->>'userName') = lower(${federationId})`;
  return [...viaColumns, ...viaUserName];
}

async function decide(tx: Tx, ref: CrmUserRef, policy: string): Promise<LinkOutcome> {
  const linked = await tx.crmIdentity.findUnique({
    where: {
      provider_externalOrgId_externalUserId: {
        provider: ref.provider, externalOrgId: ref.externalOrgId, externalUserId: ref.externalUserId,
      },
    },
    select: { tenantId: true, user: { select: { id: true, active: true } } },
  });
  if (linked && linked.tenantId === ref.tenantId) {
    return linked.user.active ? { ok: true, userId: linked.user.id, rule: "identity" } : { ok: false, rule: "inactive" };
  }
  // A link held by another tenant means the CRM org moved; it cannot be re-created here.
  if (linked) return { ok: false, rule: "refused" };

  const federationId = ref.federationId?.trim();
  if (federationId) {
    const candidates = await byFederationId(tx, ref.tenantId, federationId);
    const settled = settle(candidates);
    if (settled === "link") return link(tx, ref, candidates[0]!.id, "federation_id");
    if (settled) return settled;
  }

  const email = ref.email.trim().toLowerCase();
  if (email) {
    const byEmail = await tx.user.findUnique({
      where: { tenantId_email: { tenantId: ref.tenantId, email } },
      select: { id: true, active: true },
    });
    const settled = settle(byEmail ? [byEmail] : []);
    if (settled === "link") return link(tx, ref, byEmail!.id, "email");
    if (settled) return settled;
  }

  if (policy !== "least_privilege" || !email) return { ok: false, rule: "refused" };
  const user = await tx.user.create({
    data: { tenantId: ref.tenantId, email, name: ref.name || email, ...LEAST_PRIVILEGE },
  });
  return link(tx, ref, user.id, "least_privilege");
}

async function link(tx: Tx, ref: CrmUserRef, userId: string, rule: LinkRule): Promise<LinkOutcome> {
  await tx.crmIdentity.create({
    data: {
      tenantId: ref.tenantId, userId, provider: ref.provider, externalOrgId: ref.externalOrgId,
      externalUserId: ref.externalUserId, email: ref.email.trim().toLowerCase() || null,
    },
  });
  return { ok: true, userId, rule };
}
