import "server-only";
import { recordAudit } from "@/lib/audit";
import { createSession } from "@/lib/auth/session-store";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { syncFromGroupsClaim } from "./roles";

// An OIDC sign-in → exactly one active Candor user → a Candor Session row (source "sso").
// Tenant by issuer (Tenant.ssoIssuer); user by subject (User.ssoSubject), else by a verified
// email for a user not yet bound to another subject, after which the subject is remembered.
// SSO never creates users: they come from SCIM, the CRM link or an admin. Every outcome is audited.

export interface OidcClaims {
  iss: string;
  sub: string;
  email?: string | null;
  emailVerified?: boolean | null;
  // null when the token carries no groups claim at all (as opposed to an empty list).
  groups: string[] | null;
}

export type SsoRefusal = "unknown_issuer" | "not_provisioned" | "inactive" | "subject_conflict";

export type SsoOutcome =
  | { ok: true; userId: string; tenantId: string; sessionId: string; rule: "subject" | "email" }
  | { ok: false; reason: SsoRefusal };

async function decide(tx: Tx, tenantId: string, claims: OidcClaims) {
  const bySubject = await tx.user.findUnique({
    where: { tenantId_ssoSubject: { tenantId, ssoSubject: claims.sub } },
    select: { id: true, tenantId: true, active: true, role: true, region: true },
  });
  if (bySubject) return { user: bySubject, rule: "subject" as const };
  // An IdP that says the address is unverified does not get to claim an account by it.
  if (!claims.email || claims.emailVerified === false) return null;
  const byEmail = await tx.user.findUnique({
    where: { tenantId_email: { tenantId, email: claims.email.toLowerCase() } },
    select: { id: true, tenantId: true, active: true, role: true, region: true, ssoSubject: true },
  });
  if (!byEmail) return null;
  // Bound to a different subject: someone else's account, or a re-created IdP user an admin
  // must re-link. Either way, not by email.
  if (byEmail.ssoSubject && byEmail.ssoSubject !== claims.sub) return "conflict" as const;
  return { user: byEmail, rule: "email" as const };
}

export async function signInWithOidc(claims: OidcClaims): Promise<SsoOutcome> {
  return db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { ssoIssuer: claims.iss }, select: { id: true } });
    const refuse = async (reason: SsoRefusal, tenantId: string | null, userId: string | null = null): Promise<SsoOutcome> => {
      await recordAudit(
        {
          tenantId, actorUserId: userId, actorType: "user", action: "sso.sign_in", resourceType: "session",
          resourceId: null, outcome: "denied", details: { reason, issuer: claims.iss, subject: claims.sub },
        },
        tx,
      );
      return { ok: false, reason };
    };
    if (!tenant) return refuse("unknown_issuer", null);
    const found = await decide(tx, tenant.id, claims);
    if (found === null) return refuse("not_provisioned", tenant.id);
    if (found === "conflict") return refuse("subject_conflict", tenant.id);
    const { user, rule } = found;
    if (!user.active) return refuse("inactive", tenant.id, user.id);
    if (rule === "email") await tx.user.update({ where: { id: user.id }, data: { ssoSubject: claims.sub } });
    const assignment = await syncFromGroupsClaim(tx, user.id, claims.groups);
    const session = await createSession({ tenantId: tenant.id, userId: user.id, source: "sso" }, tx, env.SSO_SESSION_HOURS);
    await recordAudit(
      {
        tenantId: tenant.id, actorUserId: user.id, actorType: "user", action: "sso.sign_in", resourceType: "session",
        resourceId: session.id, outcome: "success", details: { rule, role: assignment.role, region: assignment.region },
      },
      tx,
    );
    return { ok: true, userId: user.id, tenantId: tenant.id, sessionId: session.id, rule };
  });
}
