import "server-only";
import { assertInScope, scopeOf, type Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import type { RecordRef } from "./ref";
import { readSnapshot } from "@/lib/scoring/compute";
import { sigmoid } from "@/lib/scoring/model";
import { meaning } from "@/lib/scoring/present";
import { presentSummary } from "./masking";

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
  flags: Array<{ id: string; kind: string; comment: string | null; status: string; syncStatus: string; createdAt: string }>;
  can: { flag: boolean };
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

export async function getInsight(principal: Principal, ref: RecordRef): Promise<InsightDto> {
  // The panel's hot path: the record with its current score (model, reasons) and latest summary in
  // one database round trip (relation joins), and the caller's flags alongside. Scope is checked
  // before anything is returned.
  const recordKey = { tenantId: principal.tenantId, provider: ref.provider, objectType: ref.objectType, externalId: ref.externalId };
  const [record, flags] = await Promise.all([
    db.crmRecord.findUnique({
      relationLoadStrategy: "join",
      where: { tenantId_provider_objectType_externalId: recordKey },
      select: {
        id: true, tenantId: true, name: true, provider: true, objectType: true, externalId: true, ownerUserId: true,
        region: true, lastSyncedAt: true,
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
    db.flag.findMany({
      where: { userId: principal.userId, tenantId: principal.tenantId, score: { record: recordKey } },
      orderBy: { createdAt: "desc" },
      take: 5,
      select: { id: true, kind: true, comment: true, status: true, syncStatus: true, createdAt: true },
    }),
  ]);
  assertInScope(principal, "scores.read", record);
  const r = record!;
  const score = r.scores[0] ?? null;
  const summary = r.summaries[0] ?? null;

  const seesPii = scopeOf(principal, "pii.read") !== "none";
  const snapshot = score ? readSnapshot(score.inputSnapshot) : null;
  // Stored with the score (toPoints); older rows without it fall back to the same rounding.
  const basePoints = snapshot?.explanation.basePoints ?? (score ? Math.round(100 * sigmoid(score.baseValue)) : 0);
  const shownPoints = score ? score.reasons.reduce((sum, x) => sum + x.points, 0) : 0;
  const flagScope = scopeOf(principal, "flags.create");
  return {
    record: {
      id: r.id, name: r.name, provider: r.provider, objectType: r.objectType, externalId: r.externalId,
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
      reasons: {
        positive: score.reasons.filter((x) => x.direction === "POSITIVE").map(toReason),
        negative: score.reasons.filter((x) => x.direction === "NEGATIVE").map(toReason),
      },
      basePoints,
      otherPoints: score.value - basePoints - shownPoints,
      raise: (snapshot?.suggestions ?? []).map((x) => ({ feature: x.feature, action: x.action, gain: x.gain })),
    },
    summary: summary && {
      ...presentSummary(summary, seesPii),
      generatedAt: summary.generatedAt.toISOString(),
      stale: summary.stale,
      provider: summary.provider,
    },
    flags: flags.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })),
    can: { flag: score !== null && flagScope !== "none" },
  };
}

function toReason(r: { feature: string; points: number; text: string }): ReasonDto {
  return { feature: r.feature, text: r.text, points: r.points };
}

const NOUNS: Record<string, string> = {
  lead: "leads", contact: "contacts", account: "companies", company: "companies", companies: "companies",
  opportunity: "deals", deal: "deals", deals: "deals", contacts: "contacts",
};

function nounFor(objectType: string): string {
  return NOUNS[objectType.toLowerCase()] ?? "records";
}
