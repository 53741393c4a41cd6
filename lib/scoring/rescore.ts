import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { generateSummary } from "@/lib/summaries";
import { changesSince, computeScore, readSnapshot, sameFeatures, snapshotOf } from "./compute";
import { featuresOf, reasonContext } from "./features";
import type { ReasonCatalogue } from "./reason-catalogue";
import { writeScores, type Planned, type RecordWrite, type Trigger } from "./score-writes";
import { scorerFor, type Scorer } from "./scorer";
import { reasonCatalogueFor } from "./settings";

// Scoring records with the registry's models: the ACTIVE version's score is shown and published to
// the CRM through the outbox; each SHADOW version scores too (Score.shadow = true), never shown or
// published. Every score stores its lineage (inputSnapshot) and what changed since the last one
// (changes). Records are scored a page at a time: one query reads a page with its activities,
// current scores and latest summary, and one short transaction writes it (./score-writes.ts). A full
// rescore is split into page jobs (./jobs.ts), so progress shows as pages finish, on any worker.

export type { Trigger } from "./score-writes";

/** Records per page: one read, one write transaction. */
export const PAGE = 200;

interface ModelRef {
  id: string;
  version: string;
  algorithm: string;
  target: string;
  windowDays: number;
  scorer: Scorer;
}

export interface ScoringContext {
  tenantId: string;
  objectType: string;
  /** Null when nothing is active or the active model is external (scores arrive by ingest). */
  active: ModelRef | null;
  shadows: ModelRef[];
  catalogue: ReasonCatalogue;
  connections: Map<string, string>;
}

export async function loadScoringContext(tenantId: string, objectType: string): Promise<ScoringContext> {
  const [versions, catalogue, connections] = await Promise.all([
    db.modelVersion.findMany({
      where: { tenantId, objectType, status: { in: ["ACTIVE", "SHADOW"] } },
      select: { id: true, version: true, algorithm: true, status: true, params: true, target: true, windowDays: true },
    }),
    reasonCatalogueFor(tenantId),
    db.crmConnection.findMany({ where: { tenantId }, select: { id: true, provider: true } }),
  ]);
  const ref = (v: (typeof versions)[number]): ModelRef | null => {
    const scorer = scorerFor(v);
    return scorer ? { id: v.id, version: v.version, algorithm: v.algorithm, target: v.target, windowDays: v.windowDays, scorer } : null;
  };
  const active = versions.find((v) => v.status === "ACTIVE");
  return {
    tenantId,
    objectType,
    active: active ? ref(active) : null,
    shadows: versions.filter((v) => v.status === "SHADOW").map(ref).filter((r): r is ModelRef => r !== null),
    catalogue,
    connections: new Map(connections.map((c) => [c.provider, c.id])),
  };
}

const previousSelect = { id: true, value: true, band: true, modelVersionId: true, computedAt: true, inputSnapshot: true, shadow: true } as const;

// What one page's single query reads for each record.
const pageInclude = {
  activities: true,
  scores: { where: { isCurrent: true }, select: previousSelect },
  summaries: { orderBy: { generatedAt: "desc" }, take: 1, select: { stale: true } },
} satisfies Prisma.CrmRecordInclude;

type PageRecord = Prisma.CrmRecordGetPayload<{ include: typeof pageInclude }>;

interface ScoreOptions {
  trigger: Trigger;
  because: string;
  asOf?: Date;
  force?: boolean;
}

function plan(ctx: ScoringContext, record: PageRecord, model: ModelRef, shadow: boolean, asOf: Date, opts: ScoreOptions): Planned | null {
  const row = featuresOf(record, asOf);
  const previous = record.scores.find((s) => s.shadow === shadow && (!shadow || s.modelVersionId === model.id)) ?? null;
  const before = previous ? readSnapshot(previous.inputSnapshot) : null;
  // Same model, same inputs: the score would repeat the current one, so history stays meaningful.
  if (!opts.force && previous && before && previous.modelVersionId === model.id && sameFeatures(before.features, row)) return null;
  const computed = computeScore(model.scorer, row, ctx.catalogue, reasonContext(record.fields as Record<string, unknown>));
  const lastActivity = record.activities.reduce<Date | null>((m, a) => (m && m > a.occurredAt ? m : a.occurredAt), null);
  const snapshot = snapshotOf(computed, row, asOf, {
    crmUpdatedAt: record.crmUpdatedAt.toISOString(),
    activities: record.activities.length,
    lastActivityAt: lastActivity?.toISOString() ?? null,
  });
  const changes = changesSince(
    previous ? { ...previous, snapshot: before } : null,
    { value: computed.score.value, modelVersionId: model.id, snapshot },
    opts.trigger,
    opts.because,
  );
  return { modelId: model.id, modelVersion: model.version, model: { version: model.version, algorithm: model.algorithm, target: model.target, windowDays: model.windowDays }, shadow, computed, snapshot, changes, previousId: previous?.id ?? null };
}

export interface RecordResult {
  recordId: string;
  scoreId: string | null;
  value: number | null;
  shadowScores: number;
  summary: "kept" | "regenerated";
}

async function planRecord(ctx: ScoringContext, record: PageRecord, opts: ScoreOptions, asOf: Date): Promise<RecordWrite> {
  const scores = [
    ...(ctx.active ? [plan(ctx, record, ctx.active, false, asOf, opts)] : []),
    ...ctx.shadows.map((m) => plan(ctx, record, m, true, asOf, opts)),
  ].filter((p): p is Planned => p !== null);
  const latest = record.summaries[0];
  // Before the transaction: an external summary provider may take seconds.
  const summary = !latest || latest.stale
    ? await generateSummary({ objectType: record.objectType, fields: record.fields as Record<string, unknown>, activities: record.activities, asOf })
    : null;
  return {
    record, readCurrent: record.scores.map((s) => s.id), scores, summary,
    connectionId: ctx.connections.get(record.provider) ?? null,
  };
}

/**
 * Scores a page of records with the context's models and refreshes stale or missing summaries,
 * in one write. Records another process rescored meanwhile are read again and scored once more.
 */
async function scorePage(ctx: ScoringContext, records: PageRecord[], opts: ScoreOptions): Promise<RecordResult[]> {
  const asOf = opts.asOf ?? new Date();
  const results: RecordResult[] = [];
  let pending = records;
  for (let round = 0; pending.length > 0; round++) {
    if (round === 3) throw new Error(`${pending.length} records kept changing under their rescoring`);
    const writes = await Promise.all(pending.map((r) => planRecord(ctx, r, opts, asOf)));
    const { written, conflicted } = await writeScores(writes.filter((w) => w.scores.length > 0 || w.summary), { asOf, trigger: opts.trigger });
    for (const w of writes) {
      if (conflicted.includes(w.record.id)) continue;
      const active = w.scores.find((s) => !s.shadow);
      results.push({
        recordId: w.record.id, scoreId: written.get(w.record.id) ?? null, value: active?.computed.score.value ?? null,
        shadowScores: w.scores.filter((s) => s.shadow).length, summary: w.summary ? "regenerated" : "kept",
      });
    }
    pending = conflicted.length > 0 ? await readPage(ctx, { id: { in: conflicted } }) : [];
  }
  return results;
}

function readPage(ctx: ScoringContext, where: Prisma.CrmRecordWhereInput, take?: number) {
  return db.crmRecord.findMany({
    where: { tenantId: ctx.tenantId, objectType: ctx.objectType, outcome: "OPEN", ...where },
    include: pageInclude, orderBy: { id: "asc" }, relationLoadStrategy: "join", ...(take ? { take } : {}),
  });
}

/** Rescoring one record, e.g. after a CRM change: the active model's score lands in one call. */
export async function rescoreRecord(recordId: string, opts: ScoreOptions): Promise<RecordResult | null> {
  const found = await db.crmRecord.findUniqueOrThrow({ where: { id: recordId }, select: { tenantId: true, objectType: true, outcome: true } });
  if (found.outcome !== "OPEN") return null;
  const ctx = await loadScoringContext(found.tenantId, found.objectType);
  const [result] = await scorePage(ctx, await readPage(ctx, { id: recordId }), opts);
  return result ?? null;
}

/** One page of a full rescore: the open records from `from` (inclusive) up to `to` (exclusive, null: the end). */
export async function rescorePage(tenantId: string, objectType: string, range: { from: string; to: string | null }, opts: ScoreOptions) {
  const ctx = await loadScoringContext(tenantId, objectType);
  const records = await readPage(ctx, { id: { gte: range.from, ...(range.to ? { lt: range.to } : {}) } });
  const results = await scorePage(ctx, records, opts);
  const scored = results.filter((r) => r.scoreId).length;
  return { total: records.length, scored, unchanged: records.length - scored, model: ctx.active?.version ?? null };
}

/** Where the pages of a full rescore start: every PAGE-th open record, in id order (one query). */
export async function planPages(tenantId: string, objectType: string): Promise<{ total: number; pages: Array<{ from: string; to: string | null; count: number }> }> {
  const rows = await db.$queryRaw<Array<{ id: string; total: bigint }>>`
    SELECT id::text AS id, total FROM (
      SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total
      FROM crm_records WHERE tenant_id = ${tenantId}::uuid AND object_type = ${objectType} AND outcome = 'OPEN'
    ) t WHERE (n - 1) % ${PAGE} = 0 ORDER BY id`;
  const total = Number(rows[0]?.total ?? 0);
  const pages = rows.map((r, i) => ({
    from: r.id, to: rows[i + 1]?.id ?? null, count: i + 1 < rows.length ? PAGE : total - PAGE * (rows.length - 1),
  }));
  return { total, pages };
}

/** Every open record of an object type, page by page in this process, with progress as it goes. */
export async function rescoreAll(
  tenantId: string,
  objectType: string,
  opts: ScoreOptions & { onProgress?: (done: number, total: number) => Promise<void> },
) {
  const ctx = await loadScoringContext(tenantId, objectType);
  const total = await db.crmRecord.count({ where: { tenantId, objectType, outcome: "OPEN" } });
  let done = 0;
  let scored = 0;
  let after: string | undefined;
  await opts.onProgress?.(0, total);
  for (;;) {
    const page = await readPage(ctx, after ? { id: { gt: after } } : {}, PAGE);
    if (page.length === 0) break;
    const results = await scorePage(ctx, page, opts);
    scored += results.filter((r) => r.scoreId).length;
    done += page.length;
    after = page[page.length - 1]!.id;
    await opts.onProgress?.(done, total);
  }
  return { total, scored, unchanged: done - scored, model: ctx.active?.version ?? null, shadows: ctx.shadows.map((s) => s.version) };
}
