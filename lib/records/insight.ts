import "server-only";
import { assertInScope, scopeOf, type Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import type { FlagDto } from "@/lib/flags/schema";
import { readSnapshot } from "@/lib/scoring/compute";
import { presentSummary, type PresentedSummary } from "./masking";
import { presentScore, type ScoreDto } from "./present-score";
import { CLOSED_NOTE, closedBecause, notScoredWords, staleness, type NotScoredCause, type Staleness } from "./record-words";
import type { RecordRef } from "./ref";

export type { RaiseDto, ScoreDto } from "./present-score";
export type { Staleness } from "./record-words";

// What the rep's panel shows for one CRM record: its state in words (scored, closed, not scored
// yet), the current score with every point accounted for and what would raise it, whether the
// score is out of date, the latest summary with the facts behind each sentence, and the caller's
// own flags.
export type InsightStatus =
  | { kind: "scored" }
  | {
      kind: "closed";
      /** Completes "Not scored, because …". */
      because: string;
      note: string;
      closedAt: string | null;
      /** The score it had while it was open, if any. */
      lastScore: { value: number; computedAt: string } | null;
    }
  | { kind: "not_scored"; because: string; next: string; pending: boolean };

export interface InsightDto {
  record: { id: string; name: string; provider: string; objectType: string; externalId: string; lastSyncedAt: string };
  status: InsightStatus;
  score: ScoreDto | null;
  stale: Staleness | null;
  summary: null | (PresentedSummary & { generatedAt: string; stale: boolean; provider: string });
  flags: FlagDto[];
  can: { flag: boolean };
}

const OPEN_JOBS = { in: ["PENDING", "RUNNING"] as Array<"PENDING" | "RUNNING"> };

async function whyNotScored(tenantId: string, record: { objectType: string; externalId: string }): Promise<{ cause: NotScoredCause; pending: boolean }> {
  const [active, queued] = await Promise.all([
    db.modelVersion.findFirst({ where: { tenantId, objectType: record.objectType, status: "ACTIVE" }, select: { algorithm: true } }),
    db.job.count({
      where: {
        tenantId, status: OPEN_JOBS,
        OR: [
          { kind: "crm_sync_record", payload: { path: ["externalId"], equals: record.externalId } },
          { kind: "full_rescore", payload: { path: ["objectType"], equals: record.objectType } },
        ],
      },
    }),
  ]);
  if (!active) return { cause: "no_model", pending: false };
  if (active.algorithm === "external") return { cause: "external_model", pending: false };
  return queued > 0 ? { cause: "queued", pending: true } : { cause: "not_yet", pending: false };
}

export async function getInsight(principal: Principal, ref: RecordRef, now: Date = new Date()): Promise<InsightDto> {
  // The panel's read path: the record with its current score (model, reasons) and latest summary
  // in one database round trip (relation joins), and the caller's flags alongside. Scope is
  // checked before anything is returned.
  const recordKey = { tenantId: principal.tenantId, provider: ref.provider, objectType: ref.objectType, externalId: ref.externalId };
  const [record, flags] = await Promise.all([
    db.crmRecord.findUnique({
      relationLoadStrategy: "join",
      where: { tenantId_provider_objectType_externalId: recordKey },
      select: {
        id: true, tenantId: true, name: true, provider: true, objectType: true, externalId: true, ownerUserId: true,
        region: true, lastSyncedAt: true, outcome: true, closedAt: true,
        scores: {
          // Shadow models' scores are for comparison only and never shown.
          where: { isCurrent: true, shadow: false },
          orderBy: { computedAt: "desc" },
          take: 1,
          select: {
            id: true, value: true, band: true, probability: true, computedAt: true, baseValue: true, inputSnapshot: true,
            modelVersion: { select: { version: true, algorithm: true, target: true, windowDays: true, status: true } },
            reasons: { orderBy: { rank: "asc" }, select: { feature: true, points: true, text: true } },
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
      // The latest two: an open flag and the one before it fit the frame above the fold.
      take: 2,
      select: { id: true, scoreId: true, kind: true, comment: true, status: true, syncStatus: true, revision: true, createdAt: true, updatedAt: true },
    }),
  ]);
  assertInScope(principal, "scores.read", record);
  const r = record!;
  const stored = r.scores[0] ?? null;
  const summary = r.summaries[0] ?? null;
  const seesPii = scopeOf(principal, "pii.read") !== "none";

  let status: InsightStatus = { kind: "scored" };
  if (r.outcome !== "OPEN") {
    const { fields } = await db.crmRecord.findUniqueOrThrow({ where: { id: r.id }, select: { fields: true } });
    status = {
      kind: "closed",
      because: closedBecause(r.objectType, r.outcome, (fields ?? {}) as Record<string, unknown>),
      note: CLOSED_NOTE,
      closedAt: r.closedAt?.toISOString() ?? null,
      lastScore: stored && { value: stored.value, computedAt: stored.computedAt.toISOString() },
    };
  } else if (!stored) {
    const { cause, pending } = await whyNotScored(principal.tenantId, r);
    status = { kind: "not_scored", ...notScoredWords(cause, r.objectType, r.provider), pending };
  }

  const shown = status.kind === "scored" ? stored : null;
  let stale: Staleness | null = null;
  if (shown) {
    const active = shown.modelVersion.status === "ACTIVE";
    const activeVersion = active
      ? shown.modelVersion.version
      : ((await db.modelVersion.findFirst({ where: { tenantId: r.tenantId, objectType: r.objectType, status: "ACTIVE" }, select: { version: true } }))?.version ?? null);
    stale = staleness({
      computedAt: shown.computedAt, now, model: { version: shown.modelVersion.version, active }, activeVersion,
      objectType: r.objectType, provider: r.provider,
    });
  }

  return {
    record: {
      id: r.id, name: r.name, provider: r.provider, objectType: r.objectType, externalId: r.externalId,
      lastSyncedAt: r.lastSyncedAt.toISOString(),
    },
    status,
    score: shown && presentScore({ ...shown, model: shown.modelVersion, snapshot: readSnapshot(shown.inputSnapshot) }, r.objectType),
    stale,
    summary: summary && {
      ...presentSummary(summary, seesPii),
      generatedAt: summary.generatedAt.toISOString(),
      stale: summary.stale,
      provider: summary.provider,
    },
    flags: flags.map((f) => ({ ...f, createdAt: f.createdAt.toISOString(), updatedAt: f.updatedAt.toISOString() })),
    can: { flag: shown !== null && scopeOf(principal, "flags.create") !== "none" },
  };
}
