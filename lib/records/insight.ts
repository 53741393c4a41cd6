import "server-only";
import { allowsRecord, explainAccess, piiMode, type Principal, type ScopedRecord } from "@/lib/authz";
import type { PiiMode } from "@/lib/authz/capabilities";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { FlagDto } from "@/lib/flags/schema";
import { personalNames, presentRecordName, presentSummary, presentText, privacyNote } from "@/lib/privacy";
import { readSnapshot } from "@/lib/scoring/compute";
import type { PointsItem } from "@/lib/scoring/breakdown";
import { SCORE_BANDS } from "@/lib/scoring/present";
import type { SummaryFact } from "@/lib/summaries/types";
import { readInsightRow, type InsightRow } from "./insight-query";
import { PANEL_FORMAT, presentScore, type ScoreDto } from "./present-score";
import { CLOSED_NOTE, closedBecause, notScoredWords, staleness, type NotScoredCause, type Staleness } from "./record-words";
import { recordRef, type RecordRef } from "./ref";

export type { RaiseDto, ScoreDto } from "./present-score";
export type { Staleness } from "./record-words";

// What the rep's panel shows for one CRM record: its state in words (scored, closed, not scored
// yet), the current score with every point accounted for and what would raise it, whether the
// score is out of date, a score set by hand, the latest summary with the facts behind each
// sentence, and the caller's own flags — with personal data in the caller's PII mode.
//
// Built for speed: one statement (./insight-query.ts) brings what a scored record needs; the
// score's panel view arrives as the JSON text stored with it and, in the caller's PII mode, is
// kept per score (scores never change once written; reworded reasons get a new stored view); the
// presented summary is kept per summary (summaries never change either). The answer is assembled
// as text. Anything rarer (closed, not scored, an older score, a replaced model, a cache miss)
// takes the ordinary Prisma path.
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
  summary: null | {
    text: string;
    sentences: Array<{ text: string; facts: Array<{ label: string; value: string; source: string }> }>;
    generatedAt: string;
    stale: boolean;
    provider: string;
  };
  // A score set by hand (scores.override) stands in front of the model's until it expires.
  override: null | { value: number; band: string; bandLabel: string; reason: string; setBy: string; setAt: string; expiresAt: string };
  flags: FlagDto[];
  can: { flag: boolean; override: boolean; reasons: boolean; summary: boolean };
  // How personal data in this answer was treated for the caller's role, in words (null: shown).
  privacy: { mode: PiiMode; note: string | null };
}

type Db = Tx | typeof db;
const BAND_LABELS: Record<string, string> = Object.fromEntries(SCORE_BANDS.map((b) => [b.band, b.label]));

// Inside the CRM, on the record their embedded session was opened for, the user already knows the
// record exists: Candor says which rule hides it (403) or that it has no copy yet (404, "not
// synced"). Anywhere else an out-of-scope record answers exactly like a missing one.
function deny(principal: Principal, ref: RecordRef, record: ScopedRecord | null): never {
  const bound = principal.recordRef === recordRef(ref);
  if (!bound) throw new AppError("not_found", "No such record.");
  if (!record) throw new AppError("not_found", "Candor has not synced this record yet.");
  throw new AppError("forbidden", explainAccess(principal, "scores.view", record).rule);
}

const OPEN_JOBS = { in: ["PENDING", "RUNNING"] as Array<"PENDING" | "RUNNING"> };

async function whyNotScored(tx: Db, tenantId: string, record: { objectType: string; externalId: string }): Promise<{ cause: NotScoredCause; pending: boolean }> {
  const [active, queued] = await Promise.all([
    tx.modelVersion.findFirst({ where: { tenantId, objectType: record.objectType, status: "ACTIVE" }, select: { algorithm: true } }),
    tx.job.count({
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

async function statusOf(tx: Db, row: InsightRow): Promise<InsightStatus> {
  if (row.outcome !== "OPEN") {
    const { fields } = await tx.crmRecord.findUniqueOrThrow({ where: { id: row.id }, select: { fields: true } });
    return {
      kind: "closed",
      because: closedBecause(row.object_type, row.outcome, (fields ?? {}) as Record<string, unknown>),
      note: CLOSED_NOTE,
      closedAt: row.closed_at?.toISOString() ?? null,
      lastScore: row.score_id ? { value: row.score_value!, computedAt: row.computed_at!.toISOString() } : null,
    };
  }
  if (!row.score_id) {
    const { cause, pending } = await whyNotScored(tx, row.tenant_id, { objectType: row.object_type, externalId: row.external_id });
    return { kind: "not_scored", ...notScoredWords(cause, row.object_type, row.provider), pending };
  }
  return { kind: "scored" };
}

async function staleOf(tx: Db, row: InsightRow, now: Date): Promise<Staleness | null> {
  const active = row.model_status === "ACTIVE";
  const activeVersion = active
    ? row.model_version
    : ((await tx.modelVersion.findFirst({ where: { tenantId: row.tenant_id, objectType: row.object_type, status: "ACTIVE" }, select: { version: true } }))?.version ?? null);
  return staleness({
    computedAt: row.computed_at!, now, model: { version: row.model_version!, active }, activeVersion, objectType: row.object_type, provider: row.provider,
  });
}

// Bounded memos for things that never change once computed (keys name everything they depend on).
function memo<T>(limit: number) {
  const entries = new Map<string, T>();
  return async (key: string, compute: () => Promise<T>): Promise<T> => {
    const hit = entries.get(key);
    if (hit !== undefined) return hit;
    const value = await compute();
    if (entries.size >= limit) entries.delete(entries.keys().next().value!);
    entries.set(key, value);
    return value;
  };
}

// A summary's facts, and the names its and the record's free texts may contain (lib/privacy).
interface SummaryView {
  names: string[];
  // Presented in each PII mode as JSON text of { text, sentences }, filled on first use.
  presented: Partial<Record<PiiMode, string>>;
  stored: { text: string; sentences: Array<{ text: string; facts: SummaryFact[] }> };
}
const summaryViews = memo<SummaryView>(2_000);
const scoreViews = memo<string>(20_000);

async function summaryViewOf(tx: Db, row: InsightRow, visible: boolean): Promise<SummaryView | null> {
  if (!visible || !row.summary_id) return null;
  return summaryViews(`${row.summary_id}|${row.object_type}|${row.name}`, async () => {
    const stored = await tx.summary.findUniqueOrThrow({ where: { id: row.summary_id! }, select: { text: true, sentences: true } });
    const sentences = Array.isArray(stored.sentences) ? (stored.sentences as unknown as SummaryView["stored"]["sentences"]) : [];
    return { names: personalNames(row.object_type, row.name, sentences.flatMap((s) => s.facts)), presented: {}, stored: { text: stored.text, sentences } };
  });
}

// The stored panel view, or for scores written before it existed (or in another format) the same
// view made now, the way the writers make it.
async function storedScoreView(tx: Db, row: InsightRow): Promise<string> {
  if (row.panel !== null && row.panel_version === PANEL_FORMAT) return row.panel;
  const s = await tx.score.findUniqueOrThrow({
    where: { id: row.score_id! },
    select: {
      id: true, value: true, band: true, probability: true, computedAt: true, baseValue: true, inputSnapshot: true,
      modelVersion: { select: { version: true, algorithm: true, target: true, windowDays: true } },
      reasons: { orderBy: { rank: "asc" }, select: { feature: true, points: true, text: true } },
    },
  });
  return JSON.stringify(presentScore({ ...s, model: s.modelVersion, snapshot: readSnapshot(s.inputSnapshot) }, row.object_type));
}

// The score as this caller may see it: reasons and what-would-raise only with reasons.view, their
// words in the caller's PII mode (a reason may quote a title or a name).
async function scoreJson(tx: Db, row: InsightRow, mode: PiiMode, canReasons: boolean, names: string[], namesKey: string): Promise<string> {
  if (mode === "full" && canReasons) return storedScoreView(tx, row);
  return scoreViews(`${row.score_id}|${row.panel_version}|${namesKey}|${mode}|${canReasons}`, async () => {
    const view = JSON.parse(await storedScoreView(tx, row)) as ScoreDto;
    if (!canReasons) return JSON.stringify({ ...view, points: null, raise: [] });
    const text = (t: string) => presentText(mode, t, names);
    const items = (xs: PointsItem[]) => xs.map((x) => ({ ...x, text: text(x.text) }));
    const p = view.points!;
    return JSON.stringify({
      ...view,
      points: { ...p, top: items(p.top), more: items(p.more), tail: p.tail && { ...p.tail, items: items(p.tail.items) } },
      raise: view.raise.map((r) => ({ ...r, action: text(r.action) })),
    });
  });
}

function summaryJson(row: InsightRow, view: SummaryView | null, mode: PiiMode): string | null {
  if (!view) return null;
  const presented = (view.presented[mode] ??= JSON.stringify(presentSummary(mode, view.stored, view.names)));
  const header = JSON.stringify({ generatedAt: row.summary_generated_at!.toISOString(), stale: row.summary_stale, provider: row.summary_provider });
  return `${presented.slice(0, -1)},${header.slice(1)}`;
}

/** The panel's answer as JSON text (the route sends it as is). */
export async function insightJson(principal: Principal, ref: RecordRef, opts: { tx?: Db; now?: Date } = {}): Promise<string> {
  const tx = opts.tx ?? db;
  const row = await readInsightRow(principal.tenantId, principal.userId, ref, tx);
  const scoped = row && { tenantId: row.tenant_id, ownerUserId: row.owner_user_id, region: row.region, ownerTeamId: row.owner_team_id };
  // Scope is checked before anything about the record leaves this function.
  if (!scoped || !allowsRecord(principal, "scores.view", scoped)) deny(principal, ref, scoped);
  const r = row!;
  const can = {
    reasons: allowsRecord(principal, "reasons.view", scoped),
    summary: allowsRecord(principal, "summary.view", scoped),
    override: allowsRecord(principal, "scores.override", scoped),
  };
  const mode = piiMode(principal);
  const [status, summaryView] = await Promise.all([statusOf(tx, r), summaryViewOf(tx, r, can.summary)]);
  const scored = status.kind === "scored";
  const names = summaryView?.names ?? personalNames(r.object_type, r.name);
  const text = (t: string) => presentText(mode, t, names);
  const [score, stale] = await Promise.all([
    scored ? scoreJson(tx, r, mode, can.reasons, names, `${summaryView ? r.summary_id : "-"}|${r.name}`) : null,
    scored ? staleOf(tx, r, opts.now ?? new Date()) : null,
  ]);
  const record = {
    id: r.id, name: presentRecordName(mode, r.object_type, r.name), provider: r.provider, objectType: r.object_type, externalId: r.external_id,
    lastSyncedAt: r.last_synced_at.toISOString(),
  };
  const override = r.override_value === null ? null : {
    value: r.override_value, band: r.override_band!, bandLabel: BAND_LABELS[r.override_band!] ?? r.override_band!, reason: text(r.override_reason!),
    setBy: r.override_set_by ?? "a former user", setAt: r.override_set_at!.toISOString(), expiresAt: r.override_expires_at!.toISOString(),
  };
  const flags = mode === "full" ? r.flags : JSON.stringify((JSON.parse(r.flags) as FlagDto[]).map((f) => ({ ...f, comment: f.comment === null ? null : text(f.comment) })));
  const allowed = { flag: scored && allowsRecord(principal, "flags.create", scoped), ...can };
  const privacy = { mode, note: privacyNote(mode, principal.roleName) };
  return `{"record":${JSON.stringify(record)},"status":${JSON.stringify(status)},"score":${score ?? "null"},"stale":${JSON.stringify(stale)},"summary":${summaryJson(r, summaryView, mode) ?? "null"},"override":${JSON.stringify(override)},"flags":${flags},"can":${JSON.stringify(allowed)},"privacy":${JSON.stringify(privacy)}}`;
}

export async function getInsight(principal: Principal, ref: RecordRef, tx: Db = db, now?: Date): Promise<InsightDto> {
  return JSON.parse(await insightJson(principal, ref, { tx, now })) as InsightDto;
}
