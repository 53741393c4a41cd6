import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { readSnapshot } from "./compute";
import { FEATURE_SCHEMA, featuresOf, trainingAsOf } from "./features";
import { priorModel } from "./prior";
import { activateVersion, enqueueFullRescore } from "./registry";
import { scorerFor, storedBundle, type Scorer } from "./scorer";
import { coldStartRulesFor } from "./settings";
import { CONVERSION_WINDOW_DAYS, TARGET } from "./target";
import { coldStartReason, type Example } from "./tenant-model";
import { trainInThread } from "./train-in-thread";

// Training from the database: closed CRM records (features as of a week before they closed) plus
// reviewer labels from accepted flags, into the GBDT pipeline (./tenant-model.ts, run on a worker
// thread by ./train-in-thread.ts), stored as a ModelVersion with its window, features, figures and
// the decision taken about it.

const FEATURES_JSON = FEATURE_SCHEMA.map(({ name, kind, label, actionable }) => ({ name, kind, label, actionable }));

async function nextVersionName(tenantId: string, objectType: string, algorithm: string): Promise<string> {
  const count = await db.modelVersion.count({ where: { tenantId } });
  return `${objectType.toLowerCase()}-${algorithm}-v${count + 1}`;
}

/** The prior as a registry entry; a new entry whenever the admin rules change, so lineage holds. */
export async function ensurePriorVersion(tenantId: string, objectType: string, by: string) {
  const model = priorModel(await coldStartRulesFor(tenantId));
  const existing = await db.modelVersion.findMany({
    where: { tenantId, objectType, algorithm: "prior" },
    select: { id: true, version: true, status: true, params: true },
    orderBy: { trainedAt: "desc" },
  });
  const same = existing.find((v) => JSON.stringify(v.params) === JSON.stringify(model));
  if (same) return { ...same, model };
  const now = new Date();
  const created = await db.modelVersion.create({
    data: {
      tenantId, version: await nextVersionName(tenantId, objectType, "prior"), algorithm: "prior", status: "CANDIDATE",
      objectType, target: TARGET, windowDays: CONVERSION_WINDOW_DAYS, features: FEATURES_JSON,
      params: model as unknown as Prisma.InputJsonValue,
      metrics: { note: "hand-set cold-start model; see lib/scoring/prior.ts" },
      trainingFrom: now, trainingTo: now, trainedBy: by,
    },
    select: { id: true, version: true, status: true, params: true },
  });
  return { ...created, model };
}

// Closed records are read a page at a time and turned into feature rows at once: memory holds
// rows of numbers, never a tenant's whole history of records and activities.
const EXAMPLE_PAGE = 500;

export async function loadExamples(
  tenantId: string,
  objectType: string,
  onPage?: (read: number) => Promise<void>,
  pageSize = EXAMPLE_PAGE,
): Promise<{ outcomes: Example[]; reviewerLabels: Example[] }> {
  const outcomes: Example[] = [];
  for (let after: string | undefined; ;) {
    const page = await db.crmRecord.findMany({
      where: { tenantId, objectType, outcome: { not: "OPEN" }, closedAt: { not: null }, ...(after ? { id: { gt: after } } : {}) },
      select: {
        id: true, objectType: true, fields: true, crmCreatedAt: true, outcome: true, closedAt: true,
        activities: { select: { kind: true, occurredAt: true } },
      },
      orderBy: { id: "asc" }, take: pageSize, relationLoadStrategy: "join",
    });
    for (const r of page) {
      outcomes.push({ row: featuresOf(r, trainingAsOf(r.closedAt!)), label: r.outcome === "WON" ? 1 : 0, weight: 1, at: r.closedAt!, source: "outcome" });
    }
    await onPage?.(outcomes.length);
    if (page.length < pageSize) break;
    after = page[page.length - 1]!.id;
  }
  outcomes.sort((a, b) => a.at.getTime() - b.at.getTime());

  // A reviewer's label only stands while the CRM has no outcome: once the record closes, the
  // observed outcome is the better label and the record trains as an ordinary closed one.
  const labels = await db.trainingLabel.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });
  const open = await db.crmRecord.findMany({
    where: { tenantId, objectType, outcome: "OPEN", id: { in: labels.map((l) => l.recordId) } },
    include: { activities: true },
  });
  const openById = new Map(open.map((r) => [r.id, r]));
  const flags = await db.flag.findMany({
    where: { tenantId, id: { in: labels.flatMap((l) => (l.flagId ? [l.flagId] : [])) } },
    select: { id: true, score: { select: { inputSnapshot: true } } },
  });
  const snapshotByFlag = new Map(flags.map((f) => [f.id, readSnapshot(f.score.inputSnapshot)]));
  const reviewerLabels: Example[] = [];
  for (const l of labels) {
    const record = openById.get(l.recordId);
    if (!record || (l.label !== 0 && l.label !== 1) || !(l.weight > 0)) continue;
    // What the reviewer judged is the record as it was scored, so that is the row it labels.
    const snapshot = l.flagId ? snapshotByFlag.get(l.flagId) : null;
    reviewerLabels.push({
      row: snapshot?.features ?? featuresOf(record, l.createdAt),
      label: l.label, weight: l.weight, at: l.createdAt, source: "reviewer_label",
    });
  }
  return { outcomes, reviewerLabels };
}

export interface TrainingResult {
  decision: "promoted" | "candidate" | "cold_start";
  reason: string;
  modelVersionId: string;
  version: string;
  algorithm: string;
  active: { id: string; version: string } | null;
  metrics: Record<string, unknown> | null;
  rescoreJobId: string | null;
}

/**
 * Trains a GBDT candidate when the history allows and decides what becomes active:
 * - too little history (see COLD_START): the prior stays or becomes active;
 * - otherwise the candidate is compared with the active model (the prior when there is none, or
 *   when the active one cannot score here) on the candidate's held-out rows, and with
 *   promote = "if_better" it is activated only if it wins (compareOnHeldOut). The comparison and
 *   the decision are stored in the candidate's metrics.
 */
export async function trainModel(
  tenantId: string,
  opts: {
    objectType: string;
    trainedBy: string;
    promote: "if_better" | "never";
    seed?: number;
    /** False when the caller rescores itself right away (the demo seed). */
    enqueueRescore?: boolean;
    /** Told how many closed records have been read so far (the training job's progress). */
    onRowsRead?: (read: number) => Promise<void>;
  },
): Promise<TrainingResult> {
  const rescore = opts.enqueueRescore ?? true;
  const { objectType, trainedBy } = opts;
  const prior = await ensurePriorVersion(tenantId, objectType, trainedBy);
  const active = await db.modelVersion.findFirst({
    where: { tenantId, objectType, status: "ACTIVE" },
    select: { id: true, version: true, algorithm: true, params: true },
  });
  const { outcomes, reviewerLabels } = await loadExamples(tenantId, objectType, opts.onRowsRead);
  // Edited cold-start rules make a new prior version; a tenant on the old one moves to it. A model
  // this engine can no longer load (one from before it) is replaced the same way.
  const onOutdatedPrior = active?.algorithm === "prior" && active.id !== prior.id;
  const activeScorer: Scorer | null = active && !onOutdatedPrior ? scorerFor(active) : null;
  const unloadable = active !== null && active.algorithm !== "external" && !onOutdatedPrior && activeScorer === null;
  const needsPrior = !active || onOutdatedPrior || unloadable;

  const tooLittle = coldStartReason(outcomes);
  if (tooLittle) {
    let rescoreJobId: string | null = null;
    if (needsPrior) {
      rescoreJobId = await db.$transaction(async (tx) => {
        await activateVersion(tx, tenantId, prior.id, trainedBy, `cold start: ${tooLittle}`);
        return rescore ? (await enqueueFullRescore(tx, tenantId, objectType, `cold start with ${prior.version}`, trainedBy)).id : null;
      });
    }
    return {
      decision: "cold_start", reason: `Cold start: ${tooLittle}.`, modelVersionId: prior.id, version: prior.version,
      algorithm: "prior", active: needsPrior ? { id: prior.id, version: prior.version } : active, metrics: null, rescoreJobId,
    };
  }

  // Off this thread: the worker keeps its job's heartbeat (and its other jobs) going meanwhile.
  const trained = await trainInThread({
    outcomes, reviewerLabels, startFrom: prior.model, seed: opts.seed,
    baseline: activeScorer && active
      ? { version: active.version, model: { id: active.id, algorithm: active.algorithm, params: active.params } }
      : { version: prior.version, model: { id: prior.id, algorithm: "prior", params: prior.model } },
  });
  const promote = opts.promote === "if_better" && trained.comparison.candidateWins;
  const w = trained.window;
  const metrics = {
    ...trained.metrics,
    window: Object.fromEntries(Object.entries(w).map(([k, d]) => [k, d.toISOString()])),
    comparison: trained.comparison,
    decision: promote ? "promoted" : "candidate",
  };
  const version = await nextVersionName(tenantId, objectType, "gbdt");
  const { created, rescoreJobId } = await db.$transaction(async (tx) => {
    const created = await tx.modelVersion.create({
      data: {
        tenantId, version, algorithm: "gbdt", status: "CANDIDATE", objectType, target: TARGET,
        windowDays: CONVERSION_WINDOW_DAYS, features: FEATURES_JSON,
        params: storedBundle(trained.bundle) as unknown as Prisma.InputJsonValue,
        metrics: metrics as unknown as Prisma.InputJsonValue,
        trainingFrom: w.trainFrom, trainingTo: w.trainTo, trainedBy,
      },
      select: { id: true, metrics: true },
    });
    if (!promote) {
      // Without an active model the tenant must still be scored: the prior carries on.
      if (needsPrior) await activateVersion(tx, tenantId, prior.id, trainedBy, trained.comparison.reason);
      const job = needsPrior && rescore ? await enqueueFullRescore(tx, tenantId, objectType, `cold start with ${prior.version}`, trainedBy) : null;
      return { created, rescoreJobId: job?.id ?? null };
    }
    await activateVersion(tx, tenantId, created.id, trainedBy, trained.comparison.reason);
    const job = rescore ? await enqueueFullRescore(tx, tenantId, objectType, `model ${version} activated`, trainedBy) : null;
    return { created, rescoreJobId: job?.id ?? null };
  });
  const nowActive = promote ? { id: created.id, version } : needsPrior || !active ? { id: prior.id, version: prior.version } : active;
  return {
    decision: promote ? "promoted" : "candidate", reason: trained.comparison.reason, modelVersionId: created.id, version,
    algorithm: "gbdt", active: { id: nowActive.id, version: nowActive.version }, metrics, rescoreJobId,
  };
}
