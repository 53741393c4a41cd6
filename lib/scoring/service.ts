import "server-only";
import { db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueue } from "@/lib/outbox";
import { offlineSummaryProvider } from "@/lib/summaries/offline";
import { extractFeatures, FEATURE_SCHEMA, reasonContext, trainingAsOf, type FeatureRow } from "./features";
import { explainLogistic, fitLogistic, predictProbability, type LogisticModel } from "./logistic";
import { auc, logLoss } from "./metrics";
import { sigmoid } from "./model";
import { reasonsFor, toPoints, toScore, type Reasons } from "./present";

// Trains a tenant's model on its closed CRM history (time-based split: the most recent closes are
// held out) and scores its open records, writing scores with exact reasons, lineage, summaries, and
// the write-back of each published score to the CRM through the outbox.

export const CONVERSION_WINDOW_DAYS = 90;
const TARGET = "converted";
const HOLDOUT_SHARE = 0.2;

type RecordWithActivities = Prisma.CrmRecordGetPayload<{ include: { activities: true } }>;

function features(r: RecordWithActivities, asOf: Date): FeatureRow {
  return extractFeatures(
    { objectType: r.objectType, fields: r.fields as Record<string, unknown>, activities: r.activities, createdAt: r.crmCreatedAt },
    asOf,
  );
}

export interface TrainingRun {
  modelVersion: string;
  modelVersionId: string;
  metrics: { auc: number; logLoss: number; trainRows: number; testRows: number; baseRate: number };
  scored: number;
}

export async function trainAndScoreTenant(
  tenantId: string,
  opts: { asOf: Date; trainedBy: string; objectType?: string },
): Promise<TrainingRun> {
  const objectType = opts.objectType ?? "Lead";
  const records = await db.crmRecord.findMany({
    where: { tenantId, objectType },
    include: { activities: true },
    orderBy: { crmCreatedAt: "asc" },
  });
  const closed = records
    .filter((r) => r.outcome !== "OPEN" && r.closedAt)
    .sort((a, b) => a.closedAt!.getTime() - b.closedAt!.getTime());
  if (closed.length < 50) throw new Error(`Too little history to train: ${closed.length} closed records`);

  const rows = closed.map((r) => features(r, trainingAsOf(r.closedAt!)));
  const labels: number[] = closed.map((r) => (r.outcome === "WON" ? 1 : 0));
  const cut = Math.floor(closed.length * (1 - HOLDOUT_SHARE));
  const model = fitLogistic(rows.slice(0, cut), labels.slice(0, cut));
  const testP = rows.slice(cut).map((row) => predictProbability(model, row));
  const testY = labels.slice(cut);
  const metrics = {
    auc: auc(testY, testP),
    logLoss: logLoss(testY, testP),
    trainRows: cut,
    testRows: closed.length - cut,
    baseRate: labels.reduce((a, b) => a + b, 0) / labels.length,
  };

  const count = await db.modelVersion.count({ where: { tenantId } });
  const version = `${objectType.toLowerCase()}-logistic-v${count + 1}`;
  const modelVersion = await db.$transaction(async (tx) => {
    await tx.modelVersion.updateMany({ where: { tenantId, objectType, status: "ACTIVE" }, data: { status: "RETIRED" } });
    return tx.modelVersion.create({
      data: {
        tenantId, version, algorithm: "logistic", status: "ACTIVE", objectType, target: TARGET,
        windowDays: CONVERSION_WINDOW_DAYS, features: FEATURE_SCHEMA.map((f) => f.name),
        params: model as unknown as Prisma.InputJsonValue, metrics,
        trainingFrom: closed[0]!.closedAt!, trainingTo: closed[cut - 1]!.closedAt!, trainedBy: opts.trainedBy,
      },
    });
  });

  let scored = 0;
  for (const record of records.filter((r) => r.outcome === "OPEN")) {
    await scoreRecord(record, { id: modelVersion.id, version, model }, opts.asOf);
    scored++;
  }
  return { modelVersion: version, modelVersionId: modelVersion.id, metrics, scored };
}

function reasonRows(reasons: Reasons) {
  return [...reasons.positive, ...reasons.negative].map((r, i) => ({
    feature: r.feature, direction: r.direction, contribution: r.contribution, points: r.points, text: r.text, rank: i + 1,
  }));
}

export function topReasonsText(reasons: Reasons): string {
  return [...reasons.positive.slice(0, 3), ...reasons.negative.slice(0, 2)]
    .map((r) => `${r.points > 0 ? "+" : "−"}${Math.abs(r.points)} ${r.text}`)
    .join("\n");
}

async function scoreRecord(
  record: RecordWithActivities,
  modelVersion: { id: string; version: string; model: LogisticModel },
  asOf: Date,
) {
  const row = features(record, asOf);
  const explanation = explainLogistic(modelVersion.model, row);
  const probability = sigmoid(explanation.raw);
  const score = toScore(probability);
  const { points } = toPoints(explanation, probability);
  const reasons = reasonsFor(row, explanation.contributions, points, undefined, {
    context: reasonContext(record.fields as Record<string, unknown>),
  });
  const summary = await offlineSummaryProvider.summarize({
    objectType: record.objectType, fields: record.fields as Record<string, unknown>, activities: record.activities, asOf,
  });

  await db.$transaction(async (tx: Tx) => {
    await tx.score.updateMany({ where: { recordId: record.id, isCurrent: true }, data: { isCurrent: false } });
    const saved = await tx.score.create({
      data: {
        tenantId: record.tenantId, recordId: record.id, modelVersionId: modelVersion.id,
        value: score.value, band: score.band, probability, baseValue: explanation.base,
        inputSnapshot: row as Prisma.InputJsonValue, computedAt: asOf,
        reasons: { create: reasonRows(reasons) },
      },
    });
    await tx.summary.updateMany({ where: { recordId: record.id, stale: false }, data: { stale: true } });
    await tx.summary.create({
      data: {
        tenantId: record.tenantId, recordId: record.id, text: summary.text,
        sentences: summary.sentences as unknown as Prisma.InputJsonValue, provider: offlineSummaryProvider.name, generatedAt: asOf,
      },
    });
    const connection = await tx.crmConnection.findFirst({
      where: { tenantId: record.tenantId, provider: record.provider }, select: { id: true },
    });
    if (connection) {
      await enqueue(tx, {
        tenantId: record.tenantId, connectionId: connection.id, kind: "update_fields",
        objectType: record.objectType, recordExternalId: record.externalId,
        payload: {
          score: score.value, band: score.band, topReasons: topReasonsText(reasons),
          modelVersion: modelVersion.version, scoredAt: asOf.toISOString(),
        },
        idempotencyKey: `score:${saved.id}`, source: { type: "score", id: saved.id },
      });
    }
  });
}
