import "server-only";
import { createHash, randomUUID } from "node:crypto";
import type { Principal } from "@/lib/authz";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueue } from "@/lib/outbox";
import { storedPanel } from "@/lib/records/present-score";
import { IDEMPOTENCY_KEY, INGEST_SCHEMA_VERSION, type IngestItem, type IngestRequest } from "./ingest-schema";
import { toScore } from "./present";
import { activateVersion } from "./registry";
import { CONVERSION_WINDOW_DAYS, TARGET } from "./target";

// Bring your own model: scores computed elsewhere, ingested in batches. Each distinct model
// (name, version, object type) becomes an "external" ModelVersion, made ACTIVE for its object type
// on first use so Candor's own rescoring stops overwriting the tenant's scores (a version retired
// since, by rollback or a newer version, no longer takes scores); the scores are
// shown like Candor's and published to the CRM through the outbox. Replays are answered from
// IdempotencyRecord: the same key and body get the first response, the same key with another
// body a 409. Everything happens in the request's one transaction.

const SCOPE = "scores.ingest";

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(body: IngestRequest): string {
  return createHash("sha256").update(canonical(body)).digest("hex");
}

type ItemResult =
  | { index: number; status: "scored"; scoreId: string; value: number; band: string }
  | { index: number; status: "unknown_record" | "model_retired" };

export interface IngestResponse {
  schemaVersion: number;
  accepted: number;
  rejected: number;
  models: Array<{ id: string; version: string; status: string }>;
  results: ItemResult[];
}

const logit = (p: number) => Math.log(p / (1 - p));
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Points for each reason: as given, else the contribution scaled by the slope of σ at p. */
function reasonRows(item: IngestItem, probability: number) {
  return item.reasons.map((r, i) => {
    const points = r.points ?? Math.round((r.contribution ?? 0) * 100 * probability * (1 - probability));
    const sign = r.points !== undefined ? r.points : (r.contribution ?? 0);
    return {
      feature: r.feature, direction: sign < 0 ? ("NEGATIVE" as const) : ("POSITIVE" as const),
      contribution: r.contribution ?? 0, points, text: r.text, rank: i + 1,
    };
  });
}

type ExternalModel = { id: string; version: string; status: string; algorithm: string; target: string; windowDays: number };

async function externalModel(tx: Tx, principal: Principal, item: IngestItem, cache: Map<string, ExternalModel>) {
  const version = `${item.record.objectType.toLowerCase()}-external-${item.model.name}@${item.model.version}`;
  const hit = cache.get(version);
  if (hit) return hit;
  let model = await tx.modelVersion.findUnique({
    where: { tenantId_version: { tenantId: principal.tenantId, version } },
    select: { id: true, version: true, status: true, algorithm: true, target: true, windowDays: true },
  });
  if (model && model.algorithm !== "external") throw new AppError("conflict", `Model version ${version} exists and is not external.`);
  if (!model) {
    const now = new Date();
    model = await tx.modelVersion.create({
      data: {
        tenantId: principal.tenantId, version, algorithm: "external", status: "CANDIDATE", objectType: item.record.objectType,
        target: TARGET, windowDays: CONVERSION_WINDOW_DAYS, features: [],
        params: { name: item.model.name, version: item.model.version, metadata: item.model.metadata ?? {} },
        metrics: {}, trainingFrom: now, trainingTo: now, trainedBy: principal.userId,
      },
      select: { id: true, version: true, status: true, algorithm: true, target: true, windowDays: true },
    });
    await activateVersion(tx, principal.tenantId, model.id, principal.userId, "first scores ingested");
    model = { ...model, status: "ACTIVE" };
  }
  cache.set(version, model);
  return model;
}

export async function ingestScores(
  tx: Tx,
  principal: Principal,
  idempotencyKey: string | null,
  body: IngestRequest,
): Promise<{ status: number; response: IngestResponse; replay: boolean }> {
  if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new AppError("bad_request", "Send an Idempotency-Key header of 8–128 letters, digits, '_', '.', ':' or '-'.");
  }
  const hash = requestHash(body);
  const previous = await tx.idempotencyRecord.findUnique({
    where: { tenantId_scope_key: { tenantId: principal.tenantId, scope: SCOPE, key: idempotencyKey } },
  });
  if (previous) {
    if (previous.requestHash !== hash) throw new AppError("conflict", "That Idempotency-Key was already used with a different body.");
    return { status: previous.status, response: previous.response as unknown as IngestResponse, replay: true };
  }

  const records = await tx.crmRecord.findMany({
    where: {
      tenantId: principal.tenantId,
      OR: body.items.map((i) => ({ provider: i.record.provider, objectType: i.record.objectType, externalId: i.record.externalId })),
    },
    select: { id: true, provider: true, objectType: true, externalId: true },
  });
  // Ingestion is a tenant-wide capability (models.manage): every record of the tenant is in reach.
  const byRef = new Map(records.map((r) => [`${r.provider}/${r.objectType}/${r.externalId}`, r]));
  const connections = new Map(
    (await tx.crmConnection.findMany({ where: { tenantId: principal.tenantId }, select: { id: true, provider: true } })).map((c) => [c.provider, c.id]),
  );
  const models = new Map<string, ExternalModel>();
  const now = new Date();
  const results: ItemResult[] = [];
  const planned: Array<{ index: number; item: IngestItem; record: (typeof records)[number]; model: ExternalModel }> = [];
  for (const [index, item] of body.items.entries()) {
    const record = byRef.get(`${item.record.provider}/${item.record.objectType}/${item.record.externalId}`);
    if (!record) {
      results[index] = { index, status: "unknown_record" };
      continue;
    }
    const model = await externalModel(tx, principal, item, models);
    // A retired external version was rolled back or replaced on purpose; its late scores must not
    // take over again.
    if (model.status === "RETIRED") {
      results[index] = { index, status: "model_retired" };
      continue;
    }
    planned.push({ index, item, record, model });
  }

  // Set-based writes (a 500-item batch is a handful of statements, not thousands): a record named
  // more than once keeps the last of its scores as current, and only that one is published.
  const recordIds = [...new Set(planned.map((p) => p.record.id))];
  // Locked, so a rescoring of the same records waits for this batch and then sees its scores as
  // current (one current score per record: a partial unique index).
  if (recordIds.length > 0) await tx.$queryRaw`SELECT id FROM crm_records WHERE id = ANY(${[...recordIds].sort()}::uuid[]) ORDER BY id FOR UPDATE`;
  const current = await tx.score.findMany({
    where: { recordId: { in: recordIds }, isCurrent: true, shadow: false },
    select: { id: true, recordId: true, value: true, band: true, modelVersionId: true, computedAt: true },
  });
  const previousByRecord = new Map(current.map((c) => [c.recordId, c]));
  const lastIndex = new Map(planned.map((p) => [p.record.id, p.index]));
  await tx.score.updateMany({ where: { recordId: { in: recordIds }, isCurrent: true, shadow: false }, data: { isCurrent: false } });
  const scores: Prisma.ScoreCreateManyInput[] = [];
  const reasons: Prisma.ReasonCreateManyInput[] = [];
  const published: Array<{ id: string; p: (typeof planned)[number]; value: number; band: string; rows: ReturnType<typeof reasonRows>; computedAt: Date }> = [];
  for (const p of planned) {
    const { item, record, model, index } = p;
    const id = randomUUID();
    const probability = item.probability ?? item.score! / 100;
    const score = toScore(probability);
    const rows = reasonRows(item, probability);
    const basePoints = clamp(score.value - rows.reduce((sum, r) => sum + r.points, 0), 0, 100);
    const previous = previousByRecord.get(record.id) ?? null;
    const isCurrent = lastIndex.get(record.id) === index;
    const computedAt = item.scoredAt ? new Date(item.scoredAt) : now;
    const connectionId = connections.get(record.provider) ?? null;
    const baseValue = logit(clamp(basePoints / 100, 0.005, 0.995));
    scores.push({
      id, tenantId: principal.tenantId, recordId: record.id, modelVersionId: model.id, value: score.value, band: score.band,
      probability, baseValue, trigger: "ingest", isCurrent,
      ...storedPanel({ id, value: score.value, band: score.band, probability, baseValue, computedAt, model, reasons: rows, snapshot: null }, record.objectType),
      changes: {
        trigger: "ingest", because: "score ingested", movers: [], inputs: [],
        previous: previous
          ? { scoreId: previous.id, value: previous.value, band: previous.band, modelVersionId: previous.modelVersionId, computedAt: previous.computedAt.toISOString() }
          : null,
        delta: previous ? score.value - previous.value : null,
        modelChanged: previous ? previous.modelVersionId !== model.id : false,
      },
      inputSnapshot: { source: "ingest", schemaVersion: INGEST_SCHEMA_VERSION, idempotencyKey, item } as unknown as Prisma.InputJsonValue,
      computedAt, publishedAt: isCurrent && connectionId ? now : null,
    });
    reasons.push(...rows.map((r) => ({ ...r, tenantId: principal.tenantId, scoreId: id })));
    previousByRecord.set(record.id, { id, recordId: record.id, value: score.value, band: score.band, modelVersionId: model.id, computedAt });
    if (isCurrent && connectionId) published.push({ id, p, value: score.value, band: score.band, rows, computedAt });
    results[index] = { index, status: "scored", scoreId: id, value: score.value, band: score.band };
  }
  await tx.score.createMany({ data: scores });
  if (reasons.length > 0) await tx.reason.createMany({ data: reasons });
  for (const { id, p, value, band, rows, computedAt } of published) {
    await enqueue(tx, {
      tenantId: principal.tenantId, connectionId: connections.get(p.record.provider)!, kind: "update_fields",
      objectType: p.record.objectType, recordExternalId: p.record.externalId,
      payload: {
        score: value, band, modelVersion: p.model.version, scoredAt: computedAt.toISOString(),
        topReasons: rows.slice(0, 5).map((r) => `${r.points >= 0 ? "+" : "−"}${Math.abs(r.points)} ${r.text}`).join("\n"),
      },
      idempotencyKey: `score:${id}`, source: { type: "score", id },
    });
  }
  const accepted = results.filter((r) => r.status === "scored").length;
  const response: IngestResponse = {
    schemaVersion: INGEST_SCHEMA_VERSION, accepted, rejected: results.length - accepted,
    models: [...models.values()].map(({ id, version, status }) => ({ id, version, status })), results,
  };
  await tx.idempotencyRecord.create({
    data: {
      tenantId: principal.tenantId, scope: SCOPE, key: idempotencyKey, requestHash: hash, status: 200,
      response: response as unknown as Prisma.InputJsonValue,
    },
  });
  return { status: 200, response, replay: false };
}
