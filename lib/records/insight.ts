import "server-only";
import { assertInScope, scopeOf, type Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import type { FlagDto } from "@/lib/flags/schema";
import { readSnapshot } from "@/lib/scoring/compute";
import { readInsightRow, type InsightRow } from "./insight-query";
import { presentSummary, type PresentedSummary } from "./masking";
import { PANEL_FORMAT, presentScore, type ScoreDto } from "./present-score";
import { CLOSED_NOTE, closedBecause, notScoredWords, staleness, type NotScoredCause, type Staleness } from "./record-words";
import type { RecordRef } from "./ref";

export type { RaiseDto, ScoreDto } from "./present-score";
export type { Staleness } from "./record-words";

// What the rep's panel shows for one CRM record: its state in words (scored, closed, not scored
// yet), the current score with every point accounted for and what would raise it, whether the
// score is out of date, the latest summary with the facts behind each sentence, and the caller's
// own flags.
//
// The read path is built for speed: one prepared statement (./insight-query.ts) brings what a
// scored record needs, the score's panel view arrives as the JSON text stored with it, the flags as
// JSON text from the database, and the presented summary comes from a cache keyed by the summary
// (summaries never change once written). The answer is assembled as text, so a scored record's
// request parses no stored JSON. Anything rarer (closed, not scored, an older score, a replaced
// model) takes the ordinary Prisma path.
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

async function statusOf(row: InsightRow): Promise<InsightStatus> {
  if (row.outcome !== "OPEN") {
    const { fields } = await db.crmRecord.findUniqueOrThrow({ where: { id: row.id }, select: { fields: true } });
    return {
      kind: "closed",
      because: closedBecause(row.object_type, row.outcome, (fields ?? {}) as Record<string, unknown>),
      note: CLOSED_NOTE,
      closedAt: row.closed_at?.toISOString() ?? null,
      lastScore: row.score_id ? { value: row.score_value!, computedAt: row.computed_at!.toISOString() } : null,
    };
  }
  if (!row.score_id) {
    const { cause, pending } = await whyNotScored(row.tenant_id, { objectType: row.object_type, externalId: row.external_id });
    return { kind: "not_scored", ...notScoredWords(cause, row.object_type, row.provider), pending };
  }
  return { kind: "scored" };
}

// Scores written before their panel view was stored (or in an older format), and ingested ones
// from before: presented now, the same way the writers do.
async function scorePanel(row: InsightRow): Promise<string> {
  if (row.panel !== null && row.panel_version === PANEL_FORMAT) return row.panel;
  const s = await db.score.findUniqueOrThrow({
    where: { id: row.score_id! },
    select: {
      id: true, value: true, band: true, probability: true, computedAt: true, baseValue: true, inputSnapshot: true,
      modelVersion: { select: { version: true, algorithm: true, target: true, windowDays: true } },
      reasons: { orderBy: { rank: "asc" }, select: { feature: true, points: true, text: true } },
    },
  });
  return JSON.stringify(presentScore({ ...s, model: s.modelVersion, snapshot: readSnapshot(s.inputSnapshot) }, row.object_type));
}

async function staleOf(row: InsightRow, now: Date): Promise<Staleness | null> {
  const active = row.model_status === "ACTIVE";
  const activeVersion = active
    ? row.model_version
    : ((await db.modelVersion.findFirst({ where: { tenantId: row.tenant_id, objectType: row.object_type, status: "ACTIVE" }, select: { version: true } }))?.version ?? null);
  return staleness({
    computedAt: row.computed_at!, now, model: { version: row.model_version!, active }, activeVersion, objectType: row.object_type, provider: row.provider,
  });
}

// Presented summaries by summary id and PII view. A summary's words never change once written
// (a newer summary is a new row), so an entry can never go out of date, in any process.
const summaries = new Map<string, string>();
const SUMMARY_CACHE_LIMIT = 5_000;

async function summaryJson(row: InsightRow, seesPii: boolean): Promise<string | null> {
  if (!row.summary_id) return null;
  const key = `${row.summary_id}:${seesPii ? "pii" : "masked"}`;
  let presented = summaries.get(key);
  if (presented === undefined) {
    const stored = await db.summary.findUniqueOrThrow({ where: { id: row.summary_id }, select: { text: true, sentences: true } });
    presented = JSON.stringify(presentSummary(stored, seesPii));
    if (summaries.size >= SUMMARY_CACHE_LIMIT) summaries.delete(summaries.keys().next().value!);
    summaries.set(key, presented);
  }
  const header = JSON.stringify({ generatedAt: row.summary_generated_at!.toISOString(), stale: row.summary_stale, provider: row.summary_provider });
  return `${presented.slice(0, -1)},${header.slice(1)}`;
}

/** The panel's answer as JSON text (the route sends it as is). */
export async function insightJson(principal: Principal, ref: RecordRef, now: Date = new Date()): Promise<string> {
  const row = await readInsightRow(principal.tenantId, principal.userId, ref);
  // Scope is checked before anything about the record leaves this function.
  assertInScope(principal, "scores.read", row && { tenantId: row.tenant_id, ownerUserId: row.owner_user_id, region: row.region });
  const r = row!;
  const status = await statusOf(r);
  const scored = status.kind === "scored";
  const [score, stale, summary] = await Promise.all([
    scored ? scorePanel(r) : null,
    scored ? staleOf(r, now) : null,
    summaryJson(r, scopeOf(principal, "pii.read") !== "none"),
  ]);
  const record = {
    id: r.id, name: r.name, provider: r.provider, objectType: r.object_type, externalId: r.external_id, lastSyncedAt: r.last_synced_at.toISOString(),
  };
  const can = { flag: scored && scopeOf(principal, "flags.create") !== "none" };
  return `{"record":${JSON.stringify(record)},"status":${JSON.stringify(status)},"score":${score ?? "null"},"stale":${JSON.stringify(stale)},"summary":${summary ?? "null"},"flags":${r.flags},"can":${JSON.stringify(can)}}`;
}

export async function getInsight(principal: Principal, ref: RecordRef, now: Date = new Date()): Promise<InsightDto> {
  return JSON.parse(await insightJson(principal, ref, now)) as InsightDto;
}
