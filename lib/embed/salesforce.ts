import "server-only";
import type { AuditNote } from "@/lib/api";
import { consumeOnce } from "@/lib/auth/nonces";
import { createSession, issueBootstrapCode } from "@/lib/auth/session";
import { decryptSecret } from "@/lib/crypto";
import { CanvasError, canvasRecord, verifyCanvasRequest } from "@/lib/crm/salesforce/canvas";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { resolveCrmUser } from "@/lib/identity/link";
import { syncTeamFromCrmRole } from "@/lib/identity/roles";
import { recordRef } from "@/lib/records/ref";

// Salesforce Canvas entry: verified signed request → Candor user → session → single-use bootstrap
// code the panel exchanges for its in-memory bearer token.

export type CanvasOutcome =
  | { ok: true; code: string }
  | { ok: false; reason: CanvasError["reason"] | "replayed" | "user_refused" | "user_inactive" | "no_record" };

async function trustFor(tx: Tx, organizationId: string) {
  const conn = await tx.crmConnection.findUnique({
    where: { provider_externalOrgId: { provider: "SALESFORCE", externalOrgId: organizationId } },
    select: { instanceUrl: true, clientSecretEnc: true, tenantId: true },
  });
  return conn ? { secret: decryptSecret(conn.clientSecretEnc), instanceUrl: conn.instanceUrl, tenantId: conn.tenantId } : null;
}

// Runs in the route's transaction; the route's audit row says what happened (`audit`), against the
// tenant whose org the payload named once that is known, even when the signature then fails.
export async function openCanvasSession(tx: Tx, signedRequest: string | null, audit: AuditNote): Promise<CanvasOutcome> {
  let tenantId: string | null = null;
  const refuse = (reason: Exclude<CanvasOutcome, { ok: true }>["reason"], actorUserId: string | null = null) => {
    Object.assign(audit, { outcome: "denied", tenantId, actorUserId, details: { reason } });
    return { ok: false as const, reason };
  };
  let verified;
  try {
    verified = await verifyCanvasRequest(signedRequest, async (orgId) => {
      const trust = await trustFor(tx, orgId);
      tenantId = trust?.tenantId ?? null;
      return trust;
    });
  } catch (err) {
    if (err instanceof CanvasError) return refuse(err.reason);
    throw err;
  }
  const { envelope, replayKey } = verified;
  const tenant = tenantId!;
  const sessionHours = env.EMBED_SESSION_MAX_HOURS;
  if (!(await consumeOnce(`canvas:${replayKey}`, new Date(Date.now() + sessionHours * 3600_000), tx))) return refuse("replayed");
  const record = canvasRecord(envelope);
  if (!record) return refuse("no_record");

  const { user, organization } = envelope.context;
  const t = await tx.tenant.findUniqueOrThrow({ where: { id: tenant }, select: { unmatchedUserPolicy: true } });
  const link = await resolveCrmUser(
    tx,
    {
      tenantId: tenant, provider: "SALESFORCE", externalOrgId: organization.organizationId,
      externalUserId: user.userId, email: user.email, name: user.fullName ?? user.userName,
    },
    t.unmatchedUserPolicy,
  );
  if (!link.ok) return refuse(link.rule === "inactive" ? "user_inactive" : "user_refused");
  await syncTeamFromCrmRole(tx, tenant, link.userId, user.roleId);
  const ref = recordRef({ provider: "SALESFORCE", objectType: record.sobject, externalId: record.id });
  const session = await createSession({ tenantId: tenant, userId: link.userId, source: "salesforce_canvas", recordRef: ref }, tx);
  Object.assign(audit, {
    tenantId: tenant, actorUserId: link.userId, resourceId: session.id, details: { provider: "SALESFORCE", rule: link.rule },
  });
  return { ok: true as const, code: await issueBootstrapCode(session.id, ref) };
}
