import "server-only";
import { recordAudit } from "@/lib/audit";
import { consumeOnce } from "@/lib/auth/nonces";
import { createSession, issueBootstrapCode } from "@/lib/auth/session";
import { scopeOf, type Principal } from "@/lib/authz";
import { candorObjectType, type HubSpotRecordType } from "@/lib/crm/hubspot/properties";
import type { HubSpotConnectionRef } from "@/lib/crm/hubspot/signed-route";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { resolveCrmUser } from "@/lib/identity/link";
import { getInsight, type InsightDto } from "@/lib/records/insight";
import { nounFor } from "@/lib/records/record-words";
import { parseRecordRef, recordRef } from "@/lib/records/ref";
import { syncIfUnknown } from "@/lib/records/sync";
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

async function audit(tenantId: string, userId: string | null, outcome: "success" | "denied", details: Record<string, string>) {
  await recordAudit({
    tenantId, actorUserId: userId, actorType: userId ? "user" : "crm", action: "embed.hubspot.card",
    resourceType: "crm_record", resourceId: `${details.objectType}:${details.objectId}`, outcome, details,
  });
}

function topReasons(score: NonNullable<InsightDto["score"]>) {
  return score.points.top.map((r) => ({ text: r.text, points: r.points }));
}

// The card has one line for a record without a score: the same words as the panel.
function notScoredMessage(status: InsightDto["status"]): string {
  if (status.kind === "closed") return `Not scored, because ${status.because}.`;
  if (status.kind === "not_scored") return `Not scored yet, because ${status.because}. ${status.next}`;
  return "";
}

export async function cardFor(conn: HubSpotConnectionRef, input: CardRequest): Promise<CardAnswer> {
  const ref = { provider: "HUBSPOT" as const, objectType: candorObjectType(input.objectType), externalId: input.objectId };
  const details = { portalId: input.portalId, objectType: ref.objectType, objectId: ref.externalId };
  const linked = await db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: conn.tenantId }, select: { unmatchedUserPolicy: true } });
    const link = await resolveCrmUser(
      tx,
      { tenantId: conn.tenantId, provider: "HUBSPOT", externalOrgId: conn.externalOrgId, externalUserId: input.userId, email: input.userEmail, name: input.userEmail },
      tenant.unmatchedUserPolicy,
    );
    if (!link.ok) return null;
    return tx.user.findUniqueOrThrow({ where: { id: link.userId }, select: { id: true, role: true, region: true, team: true } });
  });
  if (!linked) {
    await audit(conn.tenantId, null, "denied", { ...details, reason: "user_not_linked" });
    return { title: TITLE, message: "Your HubSpot user has no Candor account. Ask your Candor admin for access." };
  }
  // sessionId is filled once the link is minted; reading the insight does not use it.
  const principal: Principal = { userId: linked.id, tenantId: conn.tenantId, role: linked.role, region: linked.region, team: linked.team, sessionId: "" };
  if (scopeOf(principal, "scores.read") === "none") {
    await audit(conn.tenantId, linked.id, "denied", { ...details, reason: "no_permission" });
    return { title: TITLE, message: "Your Candor role does not show scores." };
  }
  let insight: InsightDto;
  try {
    insight = await getInsight(principal, ref);
  } catch (err) {
    // Unknown and out-of-scope records answer alike, as everywhere in Candor.
    if (!(err instanceof AppError) || err.code !== "not_found") throw err;
    const fetching = await syncIfUnknown(db, { id: conn.id, tenantId: conn.tenantId, provider: "HUBSPOT" }, ref);
    await audit(conn.tenantId, linked.id, "denied", { ...details, reason: fetching ? "not_synced" : "not_found" });
    return {
      title: TITLE,
      message: fetching
        ? `Candor has not synced this ${nounFor(ref.objectType).one} yet and is fetching it from HubSpot now. Reload the card in a minute.`
        : "Candor has no data for this record yet, or it is outside what you can see.",
    };
  }

  const openUrl = await db.$transaction(async (tx) => {
    const session = await createSession({ tenantId: conn.tenantId, userId: linked.id, source: "hubspot_card" }, tx);
    const { token } = await mintIframeToken({ sid: session.id, portal: conn.externalOrgId, hsu: input.userId, rec: recordRef(ref) });
    await recordAudit(
      {
        tenantId: conn.tenantId, actorUserId: linked.id, actorType: "user", action: "embed.hubspot.card", resourceType: "crm_record",
        resourceId: insight.record.id, outcome: "success", details: { ...details, sessionId: session.id },
      },
      tx,
    );
    return `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}/embed/hubspot?token=${encodeURIComponent(token)}`;
  });
  if (!insight.score) return { title: TITLE, openUrl, message: notScoredMessage(insight.status) };
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

export async function openIframeSession(token: string | null): Promise<IframeOutcome> {
  const read = token ? await readIframeToken(token) : ({ ok: false, reason: "invalid" } as const);
  if (!read.ok) {
    await recordAudit({ tenantId: null, actorType: "crm", action: "embed.hubspot.open", resourceType: "session", outcome: "denied", details: { reason: read.reason } });
    return read;
  }
  const { claims } = read;
  const ref = parseRecordRef(claims.rec);
  return db.$transaction(async (tx) => {
    const session = await tx.session.findUnique({
      where: { id: claims.sid },
      select: { id: true, tenantId: true, userId: true, expiresAt: true, revokedAt: true, user: { select: { active: true } } },
    });
    const deny = async (reason: Exclude<IframeOutcome, { ok: true }>["reason"]) => {
      await recordAudit(
        { tenantId: session?.tenantId ?? null, actorType: "crm", action: "embed.hubspot.open", resourceType: "session", resourceId: claims.sid, outcome: "denied", details: { reason } },
        tx,
      );
      return { ok: false as const, reason };
    };
    if (!(await consumeOnce(`hubspot-iframe:${claims.jti}`, new Date(claims.exp * 1000), tx))) return deny("replayed");
    const conn = await tx.crmConnection.findUnique({
      where: { provider_externalOrgId: { provider: "HUBSPOT", externalOrgId: claims.portal } },
      select: { tenantId: true },
    });
    if (!session || session.revokedAt || session.expiresAt <= new Date() || !session.user.active || conn?.tenantId !== session.tenantId || !ref) {
      return deny("session_ended");
    }
    await recordAudit(
      {
        tenantId: session.tenantId, actorUserId: session.userId, actorType: "user", action: "embed.session.open", resourceType: "session",
        resourceId: session.id, outcome: "success", details: { provider: "HUBSPOT", portalId: claims.portal },
      },
      tx,
    );
    return { ok: true as const, code: await issueBootstrapCode(session.id, recordRef(ref)) };
  });
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
