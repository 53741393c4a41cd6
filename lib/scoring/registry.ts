import "server-only";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ModelStatus } from "@/lib/generated/prisma/enums";
import { enqueueJob } from "@/lib/jobs";
import { FULL_RESCORE_JOB } from "./job-kinds";
import { parseGbdtBundle } from "./scorer";

// The model registry: every version a tenant has (trained, prior, external), its figures, and the
// transitions between CANDIDATE, SHADOW, ACTIVE and RETIRED. At most one version per object type is
// ACTIVE (its scores are shown and published); SHADOW versions score alongside, never shown.
//
// The schema has no column for "which version was active before this one", so each transition is
// appended to metrics.lifecycle; rollback reads the last activation's previousActiveId from there.

export interface LifecycleEvent {
  at: string;
  by: string;
  to: ModelStatus;
  previousActiveId?: string | null;
  note?: string;
}

type Metrics = Record<string, unknown> & { lifecycle?: LifecycleEvent[] };

function metricsOf(value: Prisma.JsonValue): Metrics {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Metrics) : {};
}

const versionSelect = {
  id: true, tenantId: true, version: true, algorithm: true, status: true, objectType: true, metrics: true,
} as const;

async function findVersion(tx: Tx, tenantId: string, id: string) {
  const version = await tx.modelVersion.findFirst({ where: { id, tenantId }, select: versionSelect });
  if (!version) throw new AppError("not_found", "No such model version.");
  return version;
}

async function transition(
  tx: Tx,
  version: { id: string; metrics: Prisma.JsonValue },
  event: Omit<LifecycleEvent, "at">,
) {
  const metrics = metricsOf(version.metrics);
  const lifecycle = [...(metrics.lifecycle ?? []), { at: new Date().toISOString(), ...event }];
  await tx.modelVersion.update({
    where: { id: version.id },
    data: { status: event.to, metrics: { ...metrics, lifecycle } as unknown as Prisma.InputJsonValue },
  });
}

/** Scores follow the registry: any change of the active or shadow set rescores the object type. */
export async function enqueueFullRescore(tx: Tx | typeof db, tenantId: string, objectType: string, because: string, by?: string) {
  return enqueueJob(tx, {
    tenantId, kind: FULL_RESCORE_JOB, payload: { objectType, because },
    dedupeKey: `${FULL_RESCORE_JOB}:${tenantId}:${objectType}`, createdBy: by,
  });
}

/** Makes a version the active one for its object type; the one it replaces is retired. */
export async function activateVersion(tx: Tx, tenantId: string, id: string, by: string, note?: string) {
  const target = await findVersion(tx, tenantId, id);
  if (target.status === "ACTIVE") throw new AppError("conflict", "That model is already active.");
  const current = await tx.modelVersion.findFirst({
    where: { tenantId, objectType: target.objectType, status: "ACTIVE" },
    select: versionSelect,
  });
  if (current) await transition(tx, current, { by, to: "RETIRED", note: `replaced by ${target.version}` });
  await transition(tx, target, { by, to: "ACTIVE", previousActiveId: current?.id ?? null, ...(note ? { note } : {}) });
  return { target, previous: current };
}

export async function promoteVersion(tx: Tx, tenantId: string, id: string, by: string) {
  const { target, previous } = await activateVersion(tx, tenantId, id, by, "promoted");
  const job = await enqueueFullRescore(tx, tenantId, target.objectType, `model ${target.version} activated`, by);
  return { id: target.id, version: target.version, status: "ACTIVE" as const, replaced: previous?.version ?? null, rescoreJobId: job.id };
}

export async function shadowVersion(tx: Tx, tenantId: string, id: string, by: string) {
  const target = await findVersion(tx, tenantId, id);
  if (target.status !== "CANDIDATE" && target.status !== "RETIRED") {
    throw new AppError("conflict", `A ${target.status.toLowerCase()} model cannot move to shadow.`);
  }
  if (target.algorithm === "external") {
    throw new AppError("conflict", "External models score outside Candor, so they cannot run in shadow.");
  }
  await transition(tx, target, { by, to: "SHADOW" });
  const job = await enqueueFullRescore(tx, tenantId, target.objectType, `model ${target.version} in shadow`, by);
  return { id: target.id, version: target.version, status: "SHADOW" as const, rescoreJobId: job.id };
}

/** Retires the active version and re-activates the one it replaced. */
export async function rollbackVersion(tx: Tx, tenantId: string, id: string, by: string) {
  const target = await findVersion(tx, tenantId, id);
  if (target.status !== "ACTIVE") throw new AppError("conflict", "Only the active model can be rolled back.");
  const activation = [...(metricsOf(target.metrics).lifecycle ?? [])].reverse().find((e) => e.to === "ACTIVE");
  const previousId = activation?.previousActiveId ?? null;
  const previous = previousId
    ? await tx.modelVersion.findFirst({ where: { id: previousId, tenantId }, select: versionSelect })
    : null;
  if (!previous) throw new AppError("conflict", "There is no earlier active model to return to.");
  // The restored version's own predecessor stays its predecessor, so rollbacks walk back in order.
  const before = [...(metricsOf(previous.metrics).lifecycle ?? [])].reverse().find((e) => e.to === "ACTIVE");
  await transition(tx, target, { by, to: "RETIRED", note: `rolled back to ${previous.version}` });
  await transition(tx, previous, { by, to: "ACTIVE", previousActiveId: before?.previousActiveId ?? null, note: `restored from ${target.version}` });
  const job = await enqueueFullRescore(tx, tenantId, target.objectType, `rolled back to ${previous.version}`, by);
  return { id: previous.id, version: previous.version, status: "ACTIVE" as const, retired: target.version, rescoreJobId: job.id };
}

export interface ModelVersionDto {
  id: string;
  version: string;
  algorithm: string;
  status: string;
  coldStart: boolean;
  objectType: string;
  target: string;
  windowDays: number;
  features: unknown;
  trainingFrom: string;
  trainingTo: string;
  trainedBy: string;
  trainedAt: string;
  metrics: Record<string, unknown>;
  lifecycle: LifecycleEvent[];
  usage: { scores: number; flags: number; flagRate: number | null };
}

async function usageByVersion(tenantId: string) {
  const rows = await db.$queryRaw<Array<{ id: string; scores: bigint; flags: bigint }>>`
    SELECT s.model_version_id::text AS id, COUNT(DISTINCT s.id) AS scores, COUNT(f.id) AS flags
    FROM scores s LEFT JOIN flags f ON f.score_id = s.id
    WHERE s.tenant_id = ${tenantId}::uuid AND s.shadow = false
    GROUP BY s.model_version_id`;
  const byId = new Map(rows.map((r) => [r.id, { scores: Number(r.scores), flags: Number(r.flags) }]));
  return (id: string) => {
    const u = byId.get(id) ?? { scores: 0, flags: 0 };
    return { ...u, flagRate: u.scores === 0 ? null : u.flags / u.scores };
  };
}

const listSelect = {
  id: true, version: true, algorithm: true, status: true, objectType: true, target: true, windowDays: true,
  features: true, metrics: true, trainingFrom: true, trainingTo: true, trainedBy: true, trainedAt: true,
} as const;

type Listed = Prisma.ModelVersionGetPayload<{ select: typeof listSelect }>;

function toDto(v: Listed, usage: ModelVersionDto["usage"]): ModelVersionDto {
  const { lifecycle = [], ...metrics } = metricsOf(v.metrics);
  return {
    id: v.id, version: v.version, algorithm: v.algorithm, status: v.status, coldStart: v.algorithm === "prior",
    objectType: v.objectType, target: v.target, windowDays: v.windowDays, features: v.features,
    trainingFrom: v.trainingFrom.toISOString(), trainingTo: v.trainingTo.toISOString(),
    trainedBy: v.trainedBy, trainedAt: v.trainedAt.toISOString(), metrics, lifecycle, usage,
  };
}

export async function listVersions(tenantId: string, filter: { objectType?: string; status?: ModelStatus }) {
  const versions = await db.modelVersion.findMany({
    where: { tenantId, ...(filter.objectType ? { objectType: filter.objectType } : {}), ...(filter.status ? { status: filter.status } : {}) },
    orderBy: { trainedAt: "desc" },
    take: 200,
    select: listSelect,
  });
  const usage = await usageByVersion(tenantId);
  return versions.map((v) => toDto(v, usage(v.id)));
}

export async function getVersion(tenantId: string, id: string) {
  const v = await db.modelVersion.findFirst({ where: { id, tenantId }, select: { ...listSelect, params: true } });
  if (!v) throw new AppError("not_found", "No such model version.");
  const usage = await usageByVersion(tenantId);
  return { ...toDto(v, usage(v.id)), model: describeParams(v.algorithm, v.params) };
}

/** What the registry shows of a model's parameters: its shape, not its trees. */
function describeParams(algorithm: string, params: Prisma.JsonValue): Record<string, unknown> {
  const p = (params && typeof params === "object" && !Array.isArray(params) ? params : {}) as Record<string, unknown>;
  if (algorithm === "gbdt") {
    const { model, calibrator, prior } = parseGbdtBundle(params);
    return {
      trees: model.trees.length, params: model.params, training: model.training,
      calibration: calibrator.kind, boostedFromPrior: prior !== null,
    };
  }
  if (algorithm === "prior") return { baseRate: p.baseRate, rules: p.rules, termsVersion: p.termsVersion };
  return { metadata: p.metadata ?? null };
}
