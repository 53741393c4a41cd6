import "server-only";
import { recordAudit } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import type { CrmProvider } from "@/lib/generated/prisma/enums";

// Resolves a CRM user to exactly one Candor user of the tenant: first by an existing identity link
// (provider + org + CRM user id), then by email among active users (and the link is remembered).
// No match → the tenant's policy decides: refuse, or a least-privilege account. Every outcome is audited.
export interface CrmUserRef {
  tenantId: string;
  provider: CrmProvider;
  externalOrgId: string;
  externalUserId: string;
  email: string;
  name: string;
}

export type LinkOutcome =
  | { ok: true; userId: string; rule: "identity" | "email" | "least_privilege" }
  | { ok: false; rule: "refused" | "inactive" };

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
      details: { rule: outcome.rule },
    },
    tx,
  );
  return outcome;
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
  const byEmail = await tx.user.findUnique({
    where: { tenantId_email: { tenantId: ref.tenantId, email: ref.email.toLowerCase() } },
    select: { id: true, active: true },
  });
  if (byEmail) {
    if (!byEmail.active) return { ok: false, rule: "inactive" };
    await link(tx, ref, byEmail.id);
    return { ok: true, userId: byEmail.id, rule: "email" };
  }
  if (policy !== "least_privilege") return { ok: false, rule: "refused" };
  const user = await tx.user.create({
    data: { tenantId: ref.tenantId, email: ref.email.toLowerCase(), name: ref.name, role: "SALES_REP", region: null },
  });
  await link(tx, ref, user.id);
  return { ok: true, userId: user.id, rule: "least_privilege" };
}

async function link(tx: Tx, ref: CrmUserRef, userId: string) {
  await tx.crmIdentity.create({
    data: {
      tenantId: ref.tenantId, userId, provider: ref.provider, externalOrgId: ref.externalOrgId,
      externalUserId: ref.externalUserId, email: ref.email.toLowerCase(),
    },
  });
}
