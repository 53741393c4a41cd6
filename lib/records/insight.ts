import "server-only";
import { allowsRecord, explainAccess, piiMode, SCOPED_RECORD_SELECT, toScoped, type Principal } from "@/lib/authz";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { personalNames, presentRecordName, presentSummary, presentText, privacyNote } from "@/lib/privacy";
import { readSnapshot } from "@/lib/scoring/compute";
import { sigmoid } from "@/lib/scoring/model";
import { meaning } from "@/lib/scoring/present";
import type { SummaryFact } from "@/lib/summaries/types";
import { recordRef, type RecordRef } from "./ref";

// What the rep's panel shows for one CRM record: the current score with its reasons and meaning,
// the latest summary with the facts behind each sentence, and the caller's own flags.
export interface InsightDto {
  record: { id: string; name: string; provider: string; objectType: string; externalId: string; lastSyncedAt: string };
  score: null | {
    id: string;
    value: number;
    band: string;
    bandLabel: string;
    probability: number;
    meaning: string;
    computedAt: string;
    model: { version: string; algorithm: string; coldStart: boolean; target: string; windowDays: number };
    reasons: { positive: ReasonDto[]; negative: ReasonDto[] };
    // The arithmetic behind the points: typical record + shown reasons + the rest = value.
    basePoints: number;
    otherPoints: number;
    // "What would raise it": next steps and the points the model says each would add.
    raise: RaiseDto[];
  };
  summary: null | {
    text: string;
    sentences: Array<{ text: string; facts: Array<{ label: string; value: string; source: string }> }>;
    generatedAt: string;
    stale: boolean;
    provider: string;
  };
  // A score set by hand (scores.override) stands in front of the model's until it expires.
  override: null | { value: number; band: string; bandLabel: string; reason: string; setBy: string; setAt: string; expiresAt: string };
  flags: Array<{ id: string; kind: string; comment: string | null; status: string; syncStatus: string; createdAt: string }>;
  can: { flag: boolean; override: boolean; reasons: boolean; summary: boolean };
  // How personal data in this answer was treated for the caller's role, in words (null: shown).
  privacy: { mode: "hidden" | "masked" | "full"; note: string | null };
}

export interface ReasonDto {
  feature: string;
  text: string;
  points: number;
}

export interface RaiseDto {
  feature: string;
  action: string;
  gain: number;
}

const BAND_LABELS: Record<string, string> = { A: "Hot", B: "Warm", C: "Cool", D: "Cold" };

// Inside the CRM, on the record their embedded session was opened for, the user already knows the
// record exists: Candor says which rule hides it (403) or that it has no copy yet (404, "not
// synced"). Anywhere else an out-of-scope record answers exactly like a missing one.
function deny(principal: Principal, ref: RecordRef, record: Parameters<typeof toScoped>[0] | null): never {
  const bound = principal.recordRef === recordRef(ref);
  if (!bound) throw new AppError("not_found", "No such record.");
  if (!record) throw new AppError("not_found", "Candor has not synced this record yet.");
  throw new AppError("forbidden", explainAccess(principal, "scores.view", toScoped(record)).rule);
}

export async function getInsight(principal: Principal, ref: RecordRef, tx: Tx | typeof db = db): Promise<InsightDto> {
  // The panel's hot path: the record with its current score (model, reasons) and latest summary in
  // one database round trip (relation joins), and the caller's flags alongside. Scope is checked
  // before anything is returned.
  const recordKey = { tenantId: principal.tenantId, provider: ref.provider, objectType: ref.objectType, externalId: ref.externalId };
  const now = new Date();
  const [record, flags] = await Promise.all([
    tx.crmRecord.findUnique({
      relationLoadStrategy: "join",
      where: { tenantId_provider_objectType_externalId: recordKey },
      select: {
        id: true, name: true, provider: true, objectType: true, externalId: true, lastSyncedAt: true, ...SCOPED_RECORD_SELECT,
        overrides: {
          where: { endedAt: null, expiresAt: { gt: now } },
          take: 1,
          select: { value: true, band: true, reason: true, createdAt: true, expiresAt: true, createdById: true },
        },
        scores: {
          // Shadow models' scores are for comparison only and never shown.
          where: { isCurrent: true, shadow: false },
          orderBy: { computedAt: "desc" },
          take: 1,
          select: {
            id: true, value: true, band: true, probability: true, computedAt: true, baseValue: true, inputSnapshot: true,
            modelVersion: { select: { version: true, algorithm: true, target: true, windowDays: true } },
            reasons: { orderBy: { rank: "asc" }, select: { feature: true, direction: true, points: true, text: true } },
          },
        },
        summaries: {
          orderBy: { generatedAt: "desc" },
          take: 1,
          select: { text: true, sentences: true, generatedAt: true, stale: true, provider: true },
        },
      },
    }),
    tx.flag.findMany({
      where: { userId: principal.userId, tenantId: principal.tenantId, score: { record: recordKey } },
      orderBy: { createdAt: "desc" },
      take: 5,
      select: { id: true, kind: true, comment: true, status: true, syncStatus: true, createdAt: true },
    }),
  ]);
  if (!record || !allowsRecord(principal, "scores.view", toScoped(record))) deny(principal, ref, record);
  const r = record;
  const scored = toScoped(r);
  const score = r.scores[0] ?? null;
  const canReasons = allowsRecord(principal, "reasons.view", scored);
  const summary = allowsRecord(principal, "summary.view", scored) ? (r.summaries[0] ?? null) : null;
  const live = r.overrides[0] ?? null;
  const setBy = live ? await tx.user.findUnique({ where: { id: live.createdById }, select: { name: true } }) : null;

  const mode = piiMode(principal);
  const sentences = summary && Array.isArray(summary.sentences) ? (summary.sentences as unknown as Array<{ text: string; facts: SummaryFact[] }>) : [];
  const names = personalNames(r.objectType, r.name, sentences.flatMap((x) => x.facts));
  const text = (t: string) => presentText(mode, t, names);
  const snapshot = score ? readSnapshot(score.inputSnapshot) : null;
  // Stored with the score (toPoints); older rows without it fall back to the same rounding.
  const basePoints = snapshot?.explanation.basePoints ?? (score ? Math.round(100 * sigmoid(score.baseValue)) : 0);
  const shownPoints = score ? score.reasons.reduce((sum, x) => sum + x.points, 0) : 0;
  return {
    record: {
      id: r.id, name: presentRecordName(mode, r.objectType, r.name), provider: r.provider, objectType: r.objectType, externalId: r.externalId,
      lastSyncedAt: r.lastSyncedAt.toISOString(),
    },
    score: score && {
      id: score.id,
      value: score.value,
      band: score.band,
      bandLabel: BAND_LABELS[score.band] ?? score.band,
      probability: score.probability,
      meaning: meaning(score.value, score.modelVersion.windowDays, score.modelVersion.target, nounFor(r.objectType)),
      computedAt: score.computedAt.toISOString(),
      model: {
        version: score.modelVersion.version,
        algorithm: score.modelVersion.algorithm,
        coldStart: score.modelVersion.algorithm === "prior",
        target: score.modelVersion.target,
        windowDays: score.modelVersion.windowDays,
      },
      reasons: canReasons
        ? {
            positive: score.reasons.filter((x) => x.direction === "POSITIVE").map((x) => toReason(x, text)),
            negative: score.reasons.filter((x) => x.direction === "NEGATIVE").map((x) => toReason(x, text)),
          }
        : { positive: [], negative: [] },
      basePoints,
      otherPoints: canReasons ? score.value - basePoints - shownPoints : 0,
      raise: canReasons ? (snapshot?.suggestions ?? []).map((x) => ({ feature: x.feature, action: text(x.action), gain: x.gain })) : [],
    },
    summary: summary && {
      ...presentSummary(mode, { text: summary.text, sentences }, names),
      generatedAt: summary.generatedAt.toISOString(),
      stale: summary.stale,
      provider: summary.provider,
    },
    override: live && {
      value: live.value, band: live.band, bandLabel: BAND_LABELS[live.band] ?? live.band, reason: text(live.reason),
      setBy: setBy?.name ?? "a former user", setAt: live.createdAt.toISOString(), expiresAt: live.expiresAt.toISOString(),
    },
    flags: flags.map((f) => ({ ...f, comment: f.comment === null ? null : text(f.comment), createdAt: f.createdAt.toISOString() })),
    can: {
      flag: score !== null && allowsRecord(principal, "flags.create", scored),
      override: allowsRecord(principal, "scores.override", scored),
      reasons: canReasons,
      summary: allowsRecord(principal, "summary.view", scored),
    },
    privacy: { mode, note: privacyNote(mode, principal.roleName) },
  };
}

function toReason(r: { feature: string; points: number; text: string }, text: (t: string) => string): ReasonDto {
  return { feature: r.feature, text: text(r.text), points: r.points };
}

const NOUNS: Record<string, string> = {
  lead: "leads", contact: "contacts", account: "companies", company: "companies", companies: "companies",
  opportunity: "deals", deal: "deals", deals: "deals", contacts: "contacts",
};

function nounFor(objectType: string): string {
  return NOUNS[objectType.toLowerCase()] ?? "records";
}
