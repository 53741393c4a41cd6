import "server-only";
import { recordAudit } from "@/lib/audit";
import { consumeOnce } from "@/lib/auth/nonces";
import { createSession, issueBootstrapCode } from "@/lib/auth/session";
import { sha256Hex, decryptSecret } from "@/lib/crypto";
import { CanvasError, canvasRecord, verifyCanvasRequest } from "@/lib/crm/salesforce/canvas";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { resolveCrmUser } from "@/lib/identity/link";
import { recordRef } from "@/lib/records/ref";
import { syncIfUnknown } from "@/lib/records/sync";

// Salesforce Canvas entry: verified signed request → Candor user → session → single-use bootstrap
// code the panel exchanges for its in-memory bearer token.

export type CanvasOutcome =
  | { ok: true; code: string }
  | { ok: false; reason: CanvasError["reason"] | "replayed" | "user_refused" | "user_inactive" | "no_record" };

async function trustFor(organizationId: string) {
  const conn = await db.crmConnection.findUnique({
    where: { provider_externalOrgId: { provider: "SALESFORCE", externalOrgId: organizationId } },
    select: { id: true, instanceUrl: true, clientSecretEnc: true, tenantId: true },
  });
  return conn ? { secret: decryptSecret(conn.clientSecretEnc), instanceUrl: conn.instanceUrl, tenantId: conn.tenantId, connectionId: conn.id } : null;
}

export async function openCanvasSession(signedRequest: string | null): Promise<CanvasOutcome> {
  // The tenant is known once the org id in the payload matched a connection, even if the
  // signature then fails; refusals are audited against it.
  const matched: { tenantId: string | null; connectionId: string | null } = { tenantId: null, connectionId: null };
  const refuse = async (reason: Exclude<CanvasOutcome, { ok: true }>["reason"]) => {
    await recordAudit({
      tenantId: matched.tenantId, actorType: "crm", action: "embed.salesforce.verify", resourceType: "session",
      outcome: "denied", details: { reason },
    });
    return { ok: false as const, reason };
  };
  let envelope;
  try {
    envelope = await verifyCanvasRequest(signedRequest, async (orgId) => {
      const trust = await trustFor(orgId);
      matched.tenantId = trust?.tenantId ?? null;
      matched.connectionId = trust?.connectionId ?? null;
      return trust;
    });
  } catch (err) {
    if (err instanceof CanvasError) return refuse(err.reason);
    throw err;
  }
  const tenant = matched.tenantId!;
  const signature = signedRequest!.slice(0, signedRequest!.indexOf("."));
  const sessionHours = env.EMBED_SESSION_MAX_HOURS;
  if (!(await consumeOnce(`canvas:${sha256Hex(signature)}`, new Date(Date.now() + sessionHours * 3600_000)))) {
    return refuse("replayed");
  }
  const record = canvasRecord(envelope);
  if (!record) return refuse("no_record");

  const { user, organization } = envelope.context;
  return db.$transaction(async (tx) => {
    const t = await tx.tenant.findUniqueOrThrow({ where: { id: tenant }, select: { unmatchedUserPolicy: true } });
    const link = await resolveCrmUser(
      tx,
      {
        tenantId: tenant, provider: "SALESFORCE", externalOrgId: organization.organizationId,
        externalUserId: user.userId, email: user.email, name: user.fullName ?? user.userName,
      },
      t.unmatchedUserPolicy,
    );
    if (!link.ok) return { ok: false as const, reason: link.rule === "inactive" ? ("user_inactive" as const) : ("user_refused" as const) };
    const session = await createSession({ tenantId: tenant, userId: link.userId, source: "salesforce_canvas" }, tx);
    await recordAudit(
      {
        tenantId: tenant, actorUserId: link.userId, actorType: "user", action: "embed.session.open",
        resourceType: "session", resourceId: session.id, outcome: "success",
        details: { provider: "SALESFORCE", rule: link.rule },
      },
      tx,
    );
    await syncIfUnknown(tx, { id: matched.connectionId!, tenantId: tenant, provider: "SALESFORCE" }, { objectType: record.sobject, externalId: record.id });
    const code = await issueBootstrapCode(session.id, recordRef({ provider: "SALESFORCE", objectType: record.sobject, externalId: record.id }));
    return { ok: true as const, code };
  });
}
