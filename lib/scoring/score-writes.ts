import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueMany, type OutboxWrite } from "@/lib/outbox";
import { storedPanel } from "@/lib/records/present-score";
import type { GroundedSummary } from "@/lib/summaries/types";
import type { changesSince, ComputedScore, snapshotOf } from "./compute";
import type { Reasons } from "./present";

// Writing scores for many records at once: one transaction, a handful of statements whatever the
// page size. The records are locked first and their current scores read again: a record another
// process rescored since this one read it is left out (the caller reads it again), so a score
// computed from older inputs never replaces a newer one, and one current score per record (a
// partial unique index) always holds.

export type Trigger = "full_run" | "incremental" | "seed" | "ingest";

export interface Planned {
  modelId: string;
  modelVersion: string;
  // What the panel says about the model, stored with the score (lib/records/present-score.ts).
  model: { version: string; algorithm: string; target: string; windowDays: number };
  shadow: boolean;
  computed: ComputedScore;
  snapshot: ReturnType<typeof snapshotOf>;
  changes: ReturnType<typeof changesSince>;
  /** The current score this one replaces. */
  previousId: string | null;
}

export interface RecordWrite {
  record: { id: string; tenantId: string; objectType: string; externalId: string };
  /** The current score ids as read when the scores were computed. */
  readCurrent: string[];
  scores: Planned[];
  summary: { summary: GroundedSummary; provider: string } | null;
  connectionId: string | null;
}

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

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Writes what it can; returns the ids of active scores written by record, and the records left out. */
export async function writeScores(writes: RecordWrite[], opts: { asOf: Date; trigger: Trigger }) {
  const written = new Map<string, string | null>();
  const conflicted: string[] = [];
  if (writes.length === 0) return { written, conflicted };
  await db.$transaction(async (tx) => {
    const ids = writes.map((w) => w.record.id).sort();
    await tx.$queryRaw`SELECT id FROM crm_records WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
    const current = await tx.score.findMany({ where: { recordId: { in: ids }, isCurrent: true }, select: { id: true, recordId: true } });
    // While a score set by hand is live, the CRM keeps showing it (lib/scoring/overrides.ts).
    const overridden = new Set((await tx.scoreOverride.findMany({
      where: { recordId: { in: ids }, endedAt: null, expiresAt: { gt: new Date() } }, select: { recordId: true },
    })).map((o) => o.recordId));
    const currentBy = new Map<string, string[]>();
    for (const c of current) currentBy.set(c.recordId, [...(currentBy.get(c.recordId) ?? []), c.id]);

    const retire: string[] = [];
    const scores: Prisma.ScoreCreateManyInput[] = [];
    const reasons: Prisma.ReasonCreateManyInput[] = [];
    const outbox: OutboxWrite[] = [];
    const summaries: Prisma.SummaryCreateManyInput[] = [];
    for (const w of writes) {
      if (!sameSet(w.readCurrent, currentBy.get(w.record.id) ?? [])) {
        conflicted.push(w.record.id);
        continue;
      }
      let activeId: string | null = null;
      for (const p of w.scores) {
        const id = randomUUID();
        if (p.previousId) retire.push(p.previousId);
        const publish = !p.shadow && w.connectionId !== null && !overridden.has(w.record.id);
        const rows = reasonRows(p.computed.reasons);
        scores.push({
          id, tenantId: w.record.tenantId, recordId: w.record.id, modelVersionId: p.modelId,
          value: p.computed.score.value, band: p.computed.score.band, probability: p.computed.probability,
          baseValue: p.computed.explanation.base, shadow: p.shadow, trigger: opts.trigger,
          changes: p.changes as unknown as Prisma.InputJsonValue,
          inputSnapshot: p.snapshot as unknown as Prisma.InputJsonValue,
          computedAt: opts.asOf, publishedAt: publish ? new Date() : null,
          // The panel's view of the score, computed once here rather than on every read; shadow
          // scores are never shown, so they need none.
          ...(p.shadow
            ? {}
            : storedPanel({
                id, value: p.computed.score.value, band: p.computed.score.band, probability: p.computed.probability,
                baseValue: p.computed.explanation.base, computedAt: opts.asOf, model: p.model, reasons: rows, snapshot: p.snapshot,
              }, w.record.objectType)),
        });
        reasons.push(...rows.map((r) => ({ ...r, tenantId: w.record.tenantId, scoreId: id })));
        if (!p.shadow) activeId = id;
        if (publish) {
          outbox.push({
            tenantId: w.record.tenantId, connectionId: w.connectionId!, kind: "update_fields",
            objectType: w.record.objectType, recordExternalId: w.record.externalId,
            payload: {
              score: p.computed.score.value, band: p.computed.score.band, topReasons: topReasonsText(p.computed.reasons),
              modelVersion: p.modelVersion, scoredAt: opts.asOf.toISOString(),
            },
            idempotencyKey: `score:${id}`, source: { type: "score", id },
          });
        }
      }
      if (w.summary) {
        summaries.push({
          tenantId: w.record.tenantId, recordId: w.record.id, text: w.summary.summary.text,
          sentences: w.summary.summary.sentences as unknown as Prisma.InputJsonValue, provider: w.summary.provider, generatedAt: opts.asOf,
        });
      }
      written.set(w.record.id, activeId);
    }
    if (retire.length > 0) await tx.score.updateMany({ where: { id: { in: retire } }, data: { isCurrent: false } });
    if (scores.length > 0) await tx.score.createMany({ data: scores });
    if (reasons.length > 0) await tx.reason.createMany({ data: reasons });
    await enqueueMany(tx, outbox);
    if (summaries.length > 0) {
      await tx.summary.updateMany({ where: { recordId: { in: summaries.map((s) => s.recordId) }, stale: false }, data: { stale: true } });
      await tx.summary.createMany({ data: summaries });
    }
  }, { timeout: 60_000, maxWait: 15_000 });
  return { written, conflicted };
}
