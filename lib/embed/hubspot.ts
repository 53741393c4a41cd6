import "server-only";
import { consumeOnce } from "@/lib/auth/nonces";
import type { AuditNote } from "@/lib/api";
import { createSession, issueBootstrapCode } from "@/lib/auth/session";
import { principalForUser } from "@/lib/auth/session-store";
import { can } from "@/lib/authz";
import type { HubSpotCaller } from "@/lib/crm/hubspot/authenticate";
import { candorObjectType, type HubSpotRecordType } from "@/lib/crm/hubspot/properties";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { resolveCrmUser } from "@/lib/identity/link";
import { getInsight, type InsightDto } from "@/lib/records/insight";
import { parseRecordRef, recordRef } from "@/lib/records/ref";
import { mintIframeToken, readIframeToken } from "./hubspot-token";

// HubSpot entry: the app card asks (signed by HubSpot) for a record's score → Candor answers with
// the score, its top reasons and a single-use link; the link opens the panel in HubSpot's iframe
// modal through a Candor session, like the Salesforce Canvas entry.

export interface CardRequest {
  portalId: string;
  userId: string;
  userEmail: string;
  objectType: HubSpotRecordType;
  objectId: string;
}

export interface CardAnswer {
  title: string;
  score?: { value: number; band: string; label: string };
  reasons?: Array<{ text: string; points: number }>;
  openUrl?: string;
  message?: string;
}

const TITLE = "Candor score";


function topReasons(score: NonNullable<InsightDto["score"]>) {
  return [...score.reasons.positive, ...score.reasons.negative]
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
    .slice(0, 3)
    .map((r) => ({ text: r.text, points: r.points }));
}

// Runs in the route's transaction; what it decided goes into the route's audit row (`audit`).
export async function cardFor(tx: Tx, conn: HubSpotCaller["connection"], input: CardRequest, audit: AuditNote): Promise<CardAnswer> {
  const ref = { provider: "HUBSPOT" as const, objectType: candorObjectType(input.objectType), externalId: input.objectId };
  const details = { portalId: input.portalId, objectType: ref.objectType, objectId: ref.externalId };
  audit.resourceId = `${ref.objectType}:${ref.externalId}`;
  const deny = (reason: string, actorUserId: string | null, message: string): CardAnswer => {
    Object.assign(audit, { outcome: "denied", actorUserId, details: { ...details, reason } });
    return { title: TITLE, message };
  };
  const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: conn.tenantId }, select: { unmatchedUserPolicy: true } });
  const link = await resolveCrmUser(
    tx,
    { tenantId: conn.tenantId, provider: "HUBSPOT", externalOrgId: conn.externalOrgId, externalUserId: input.userId, email: input.userEmail, name: input.userEmail },
    tenant.unmatchedUserPolicy,
  );
  const principal = link.ok ? await principalForUser(tx, conn.tenantId, link.userId) : null;
  if (!principal) return deny("user_not_linked", null, "Your HubSpot user has no Candor account. Ask your Candor admin for access.");
  if (!can(principal, "scores.view")) return deny("no_permission", principal.userId, "Your Candor role does not show scores.");
  let insight: InsightDto;
  try {
    insight = await getInsight(principal, ref, tx);
  } catch (err) {
    // Unknown and out-of-scope records answer alike, as everywhere in Candor.
    if (!(err instanceof AppError) || err.code !== "not_found") throw err;
    return deny("not_found", principal.userId, "Candor has no data for this record yet, or it is outside what you can see.");
  }
  const session = await createSession({ tenantId: conn.tenantId, userId: principal.userId, source: "hubspot_card", recordRef: recordRef(ref) }, tx);
  const { token } = await mintIframeToken({ sid: session.id, portal: conn.externalOrgId, hsu: input.userId, rec: recordRef(ref) });
  Object.assign(audit, { actorUserId: principal.userId, resourceId: insight.record.id, details: { ...details, sessionId: session.id } });
  const openUrl = `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}/embed/hubspot?token=${encodeURIComponent(token)}`;
  if (!insight.score) return { title: TITLE, openUrl, message: "Not scored yet. Scores appear within seconds of the next change in HubSpot." };
  const s = insight.score;
  return {
    title: TITLE,
    score: { value: s.value, band: s.band, label: `${s.bandLabel}. ${s.meaning}` },
    reasons: topReasons(s),
    openUrl,
  };
}

// --- the iframe load -------------------------------------------------------------------------

export type IframeOutcome = { ok: true; code: string } | { ok: false; reason: "invalid" | "expired" | "replayed" | "session_ended" };

// Runs in the route's transaction; the route's audit row says what happened (`audit`).
export async function openIframeSession(tx: Tx, token: string | null, audit: AuditNote): Promise<IframeOutcome> {
  const deny = (reason: Exclude<IframeOutcome, { ok: true }>["reason"], tenantId: string | null, sessionId?: string) => {
    Object.assign(audit, { outcome: "denied", tenantId, resourceId: sessionId, details: { reason } });
    return { ok: false as const, reason };
  };
  const read = token ? await readIframeToken(token) : ({ ok: false, reason: "invalid" } as const);
  if (!read.ok) return deny(read.reason, null);
  const { claims } = read;
  const ref = parseRecordRef(claims.rec);
  const session = await tx.session.findUnique({
    where: { id: claims.sid },
    select: { id: true, tenantId: true, userId: true, expiresAt: true, revokedAt: true, user: { select: { active: true } } },
  });
  if (!(await consumeOnce(`hubspot-iframe:${claims.jti}`, new Date(claims.exp * 1000), tx))) return deny("replayed", session?.tenantId ?? null, claims.sid);
  const conn = await tx.crmConnection.findUnique({
    where: { provider_externalOrgId: { provider: "HUBSPOT", externalOrgId: claims.portal } },
    select: { tenantId: true },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || !session.user.active || conn?.tenantId !== session.tenantId || !ref) {
    return deny("session_ended", session?.tenantId ?? null, claims.sid);
  }
  Object.assign(audit, {
    tenantId: session.tenantId, actorUserId: session.userId, resourceId: session.id,
    details: { provider: "HUBSPOT", portalId: claims.portal },
  });
  return { ok: true as const, code: await issueBootstrapCode(session.id, recordRef(ref)) };
}

// The legacy CRM card data-fetch answer: at most five results, the iframe as the primary action.
export function legacyCardResponse(answer: CardAnswer, objectId: string) {
  const properties = answer.score
    ? [
        { label: "Score", dataType: "NUMERIC", value: String(answer.score.value) },
        { label: "Band", dataType: "STRING", value: `${answer.score.band} · ${answer.score.label}` },
        ...(answer.reasons ?? []).map((r) => ({ label: "Reason", dataType: "STRING", value: `${r.points > 0 ? "+" : ""}${r.points} ${r.text}` })),
      ]
    : [];
  return {
    results: [{ objectId: Number(objectId), title: answer.score ? `${answer.title}: ${answer.score.value}` : (answer.message ?? answer.title), properties }],
    ...(answer.openUrl ? { primaryAction: { type: "IFRAME", width: 640, height: 720, uri: answer.openUrl, label: "Open in Candor" } } : {}),
  };
}
