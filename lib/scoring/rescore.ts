import "server-only";
import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueue } from "@/lib/outbox";
import { storedPanel } from "@/lib/records/present-score";
import { generateSummary } from "@/lib/summaries";
import { changesSince, computeScore, readSnapshot, sameFeatures, snapshotOf, type ComputedScore } from "./compute";
import { reasonContext } from "./features";
import type { Reasons } from "./present";
import type { ReasonCatalogue } from "./reason-catalogue";
import { scorerFor, type Scorer } from "./scorer";
import { reasonCatalogueFor } from "./settings";
import { featuresOf } from "./training";

// Scoring records with the registry's models: the ACTIVE version's score is shown and published to
// the CRM through the outbox; each SHADOW version scores too (Score.shadow = true), never shown or
// published. Every score stores its lineage (inputSnapshot) and what changed since the last one
// (changes). Each record is written in its own short transaction, so a full run never holds one
// transaction (the embedded database has a single connection) and progress is visible as it goes.

export type Trigger = "full_run" | "incremental" | "seed" | "ingest";

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
}

export async function loadScoringContext(tenantId: string, objectType: string): Promise<ScoringContext> {
  const versions = await db.modelVersion.findMany({
    where: { tenantId, objectType, status: { in: ["ACTIVE", "SHADOW"] } },
    select: { id: true, version: true, algorithm: true, status: true, params: true, target: true, windowDays: true },
  });
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
    catalogue: await reasonCatalogueFor(tenantId),
  };
}

type RecordWithActivities = Prisma.CrmRecordGetPayload<{ include: { activities: true } }>;

export function reasonRows(reasons: Reasons) {
  return [...reasons.positive, ...reasons.negative].map((r, i) => ({
    feature: r.feature, direction: r.direction, contribution: r.contribution, points: r.points, text: r.text, rank: i + 1,
  }));
}

export function topReasonsText(reasons: Reasons): string {
  return [...reasons.positive.slice(0, 3), ...reasons.negative.slice(0, 2)]
    .map((r) => `${r.points > 0 ? "+" : "−"}${Math.abs(r.points)} ${r.text}`)
    .join("\n");
}

const previousSelect = { id: true, value: true, band: true, modelVersionId: true, computedAt: true, inputSnapshot: true } as const;

interface Planned {
  model: ModelRef;
  shadow: boolean;
  computed: ComputedScore;
  snapshot: ReturnType<typeof snapshotOf>;
  changes: ReturnType<typeof changesSince>;
}

async function plan(
  ctx: ScoringContext,
  record: RecordWithActivities,
  model: ModelRef,
  shadow: boolean,
  asOf: Date,
  opts: { trigger: Trigger; because: string; force: boolean },
): Promise<Planned | null> {
  const row = featuresOf(record, asOf);
  const previous = await db.score.findFirst({
    where: { recordId: record.id, isCurrent: true, shadow, ...(shadow ? { modelVersionId: model.id } : {}) },
    orderBy: { computedAt: "desc" },
    select: previousSelect,
  });
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
  return { model, shadow, computed, snapshot, changes };
}

async function writeScore(tx: Tx, record: RecordWithActivities, p: Planned, asOf: Date, trigger: Trigger, connectionId: string | null) {
  await tx.score.updateMany({
    where: { recordId: record.id, isCurrent: true, shadow: p.shadow, ...(p.shadow ? { modelVersionId: p.model.id } : {}) },
    data: { isCurrent: false },
  });
  // While a score set by hand is live, the CRM keeps showing it (lib/scoring/overrides.ts).
  const overridden = !p.shadow && (await tx.scoreOverride.count({ where: { recordId: record.id, endedAt: null, expiresAt: { gt: new Date() } } })) > 0;
  const publish = !p.shadow && connectionId !== null && !overridden;
  const id = randomUUID();
  const reasons = reasonRows(p.computed.reasons);
  const { value, band } = p.computed.score;
  const { probability } = p.computed;
  const baseValue = p.computed.explanation.base;
  // Shadow scores are never shown, so they need no panel.
  const panel = p.shadow
    ? {}
    : storedPanel({ id, value, band, probability, baseValue, computedAt: asOf, model: p.model, reasons, snapshot: p.snapshot }, record.objectType);
  const saved = await tx.score.create({
    data: {
      id, tenantId: record.tenantId, recordId: record.id, modelVersionId: p.model.id,
      value, band, probability, baseValue, shadow: p.shadow, trigger,
      changes: p.changes as unknown as Prisma.InputJsonValue,
      inputSnapshot: p.snapshot as unknown as Prisma.InputJsonValue,
      computedAt: asOf, publishedAt: publish ? new Date() : null,
      ...panel,
      reasons: { create: reasons },
    },
    select: { id: true },
  });
  if (publish) {
    await enqueue(tx, {
      tenantId: record.tenantId, connectionId: connectionId!, kind: "update_fields",
      objectType: record.objectType, recordExternalId: record.externalId,
      payload: {
        score: p.computed.score.value, band: p.computed.score.band, topReasons: topReasonsText(p.computed.reasons),
        modelVersion: p.model.version, scoredAt: asOf.toISOString(),
      },
      idempotencyKey: `score:${saved.id}`, source: { type: "score", id: saved.id },
    });
  }
  return saved.id;
}

export interface RecordResult {
  recordId: string;
  scoreId: string | null;
  value: number | null;
  shadowScores: number;
  summary: "kept" | "regenerated";
}

/** Scores one record with the context's models and refreshes its summary if stale or missing. */
export async function scoreRecord(
  ctx: ScoringContext,
  record: RecordWithActivities,
  opts: { trigger: Trigger; because: string; asOf?: Date; force?: boolean; connectionId?: string | null },
): Promise<RecordResult> {
  const asOf = opts.asOf ?? new Date();
  const flags = { trigger: opts.trigger, because: opts.because, force: opts.force ?? false };
  const active = ctx.active ? await plan(ctx, record, ctx.active, false, asOf, flags) : null;
  const shadows = (await Promise.all(ctx.shadows.map((m) => plan(ctx, record, m, true, asOf, flags)))).filter(
    (p): p is Planned => p !== null,
  );
  const latest = await db.summary.findFirst({ where: { recordId: record.id }, orderBy: { generatedAt: "desc" }, select: { stale: true } });
  // Outside the transaction: an external provider may take seconds.
  const summary =
    !latest || latest.stale
      ? await generateSummary({
          objectType: record.objectType, fields: record.fields as Record<string, unknown>, activities: record.activities, asOf,
        })
      : null;
  const connectionId =
    opts.connectionId !== undefined
      ? opts.connectionId
      : ((await db.crmConnection.findFirst({ where: { tenantId: record.tenantId, provider: record.provider }, select: { id: true } }))?.id ?? null);

  let scoreId: string | null = null;
  if (active || shadows.length > 0 || summary) {
    await db.$transaction(async (tx) => {
      if (active) scoreId = await writeScore(tx, record, active, asOf, opts.trigger, connectionId);
      for (const s of shadows) await writeScore(tx, record, s, asOf, opts.trigger, null);
      if (summary) {
        await tx.summary.updateMany({ where: { recordId: record.id, stale: false }, data: { stale: true } });
        await tx.summary.create({
          data: {
            tenantId: record.tenantId, recordId: record.id, text: summary.summary.text,
            sentences: summary.summary.sentences as unknown as Prisma.InputJsonValue, provider: summary.provider, generatedAt: asOf,
          },
        });
      }
    });
  }
  return {
    recordId: record.id, scoreId, value: active?.computed.score.value ?? null, shadowScores: shadows.length,
    summary: summary ? "regenerated" : "kept",
  };
}

/** Rescoring one record, e.g. after a CRM change: the active model's score lands in one call. */
export async function rescoreRecord(recordId: string, opts: { trigger: Trigger; because: string; asOf?: Date }) {
  const record = await db.crmRecord.findUniqueOrThrow({ where: { id: recordId }, include: { activities: true } });
  if (record.outcome !== "OPEN") return null;
  const ctx = await loadScoringContext(record.tenantId, record.objectType);
  return scoreRecord(ctx, record, opts);
}

const PAGE = 50;

/** Every open record of an object type, page by page, with progress reported as it goes. */
export async function rescoreAll(
  tenantId: string,
  objectType: string,
  opts: { trigger: Trigger; because: string; asOf?: Date; force?: boolean; onProgress?: (done: number, total: number) => Promise<void> },
) {
  const ctx = await loadScoringContext(tenantId, objectType);
  const where = { tenantId, objectType, outcome: "OPEN" as const };
  const total = await db.crmRecord.count({ where });
  const connections = new Map(
    (await db.crmConnection.findMany({ where: { tenantId }, select: { id: true, provider: true } })).map((c) => [c.provider, c.id]),
  );
  let done = 0;
  let scored = 0;
  let cursor: string | undefined;
  await opts.onProgress?.(0, total);
  for (;;) {
    const page = await db.crmRecord.findMany({
      where, include: { activities: true }, orderBy: { id: "asc" }, take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
    });
    if (page.length === 0) break;
    for (const record of page) {
      const result = await scoreRecord(ctx, record, { ...opts, connectionId: connections.get(record.provider) ?? null });
      if (result.scoreId) scored++;
      done++;
    }
    cursor = page[page.length - 1]!.id;
    await opts.onProgress?.(done, total);
  }
  return { total, scored, unchanged: done - scored, model: ctx.active?.version ?? null, shadows: ctx.shadows.map((s) => s.version) };
}
