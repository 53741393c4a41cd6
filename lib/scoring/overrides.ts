import "server-only";
import { z } from "zod";
import { assertInScope, SCOPED_RECORD_SELECT, toScoped, type Principal } from "@/lib/authz";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs";
import { enqueue } from "@/lib/outbox";
import type { RecordRef } from "@/lib/records/ref";
import { OVERRIDE_EXPIRY_JOB } from "./job-kinds";
import { SCORE_BANDS } from "./present";

// Scores set by hand. A role with scores.override (data scientists and admins by default) sets a
// value with a reason and an expiry; the panel shows it in front of the model's score, with who
// and why; the CRM's Candor fields carry it until it ends, then the model's current score again.
// Overrides never become training labels: a reviewed flag is the only way a person's judgement
// enters training (lib/flags/review.ts).

const MAX_DAYS = 365;

export const OverrideInput = z
  .object({
    value: z.number().int().min(0).max(100),
    reason: z.string().trim().min(5, "Say why, so the rep and reviewers understand").max(500),
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type OverrideInput = z.infer<typeof OverrideInput>;

export const EndOverrideInput = z.object({ reason: z.string().trim().min(3).max(500) }).strict();

export function bandOf(value: number): string {
  return (SCORE_BANDS.find((b) => value >= b.min) ?? SCORE_BANDS[SCORE_BANDS.length - 1]!).band;
}

async function target(tx: Tx, principal: Principal, ref: RecordRef) {
  const record = await tx.crmRecord.findUnique({
    where: { tenantId_provider_objectType_externalId: { tenantId: principal.tenantId, ...ref } },
    select: { id: true, objectType: true, externalId: true, provider: true, ...SCOPED_RECORD_SELECT },
  });
  assertInScope(principal, "scores.override", record ? toScoped(record) : null);
  return record!;
}

async function connectionFor(tx: Tx, tenantId: string, provider: string) {
  return tx.crmConnection.findFirst({ where: { tenantId, provider: provider as "SALESFORCE" | "HUBSPOT" }, select: { id: true } });
}

// What the CRM's Candor fields should say now: the live override, or else the current model score.
async function publishCurrent(tx: Tx, record: { id: string; tenantId: string; provider: string; objectType: string; externalId: string }, key: string) {
  const connection = await connectionFor(tx, record.tenantId, record.provider);
  if (!connection) return;
  const now = new Date();
  const live = await tx.scoreOverride.findFirst({ where: { recordId: record.id, endedAt: null, expiresAt: { gt: now } } });
  const payload = live
    ? { score: live.value, band: live.band, topReasons: `Set by hand: ${live.reason}`.slice(0, 255), modelVersion: "override", scoredAt: live.createdAt.toISOString() }
    : await modelPayload(tx, record.id);
  if (!payload) return;
  await enqueue(tx, {
    tenantId: record.tenantId, connectionId: connection.id, kind: "update_fields", objectType: record.objectType,
    recordExternalId: record.externalId, payload, idempotencyKey: key, source: { type: "score_override", id: live?.id ?? record.id },
  });
}

async function modelPayload(tx: Tx, recordId: string) {
  const score = await tx.score.findFirst({
    where: { recordId, isCurrent: true, shadow: false },
    orderBy: { computedAt: "desc" },
    select: { value: true, band: true, computedAt: true, modelVersion: { select: { version: true } }, reasons: { orderBy: { rank: "asc" }, take: 3, select: { text: true } } },
  });
  if (!score) return null;
  return {
    score: score.value, band: score.band, topReasons: score.reasons.map((r) => r.text).join("; ").slice(0, 255),
    modelVersion: score.modelVersion.version, scoredAt: score.computedAt.toISOString(),
  };
}

export async function setOverride(tx: Tx, principal: Principal, ref: RecordRef, input: OverrideInput, now = new Date()) {
  const expiresAt = new Date(input.expiresAt);
  if (expiresAt <= now) throw new AppError("validation_failed", "The expiry must be in the future.", { issues: [{ path: "body.expiresAt", message: "Must be in the future." }] });
  if (expiresAt.getTime() - now.getTime() > MAX_DAYS * 86_400_000) {
    throw new AppError("validation_failed", `An override lasts at most ${MAX_DAYS} days.`, { issues: [{ path: "body.expiresAt", message: `At most ${MAX_DAYS} days ahead.` }] });
  }
  const record = await target(tx, principal, ref);
  // A new override replaces the live one; both stay in the history.
  await tx.scoreOverride.updateMany({
    where: { recordId: record.id, endedAt: null },
    data: { endedAt: now, endedById: principal.userId, endReason: "Replaced by a newer override" },
  });
  const current = await tx.score.findFirst({ where: { recordId: record.id, isCurrent: true, shadow: false }, select: { id: true, value: true } });
  const override = await tx.scoreOverride.create({
    data: {
      tenantId: principal.tenantId, recordId: record.id, scoreId: current?.id ?? null, value: input.value, band: bandOf(input.value),
      reason: input.reason, expiresAt, createdById: principal.userId,
    },
    select: { id: true, value: true, band: true, reason: true, expiresAt: true, createdAt: true },
  });
  await publishCurrent(tx, { ...record, tenantId: principal.tenantId }, `override:${override.id}`);
  await enqueueJob(tx, { tenantId: principal.tenantId, kind: OVERRIDE_EXPIRY_JOB, payload: { overrideId: override.id }, runAfter: expiresAt, createdBy: principal.userId });
  return { override, replaced: current?.value ?? null };
}

export async function endOverride(tx: Tx, principal: Principal, ref: RecordRef, reason: string, now = new Date()) {
  const record = await target(tx, principal, ref);
  const live = await tx.scoreOverride.findFirst({ where: { recordId: record.id, endedAt: null }, select: { id: true } });
  if (!live) throw new AppError("not_found", "This record has no override.");
  await tx.scoreOverride.update({ where: { id: live.id }, data: { endedAt: now, endedById: principal.userId, endReason: reason } });
  await publishCurrent(tx, { ...record, tenantId: principal.tenantId }, `override-end:${live.id}`);
  return { id: live.id };
}

// The expiry job: once an override's time is up the CRM fields go back to the model's score.
export async function expireOverride(tx: Tx, tenantId: string, overrideId: string, now = new Date()) {
  const o = await tx.scoreOverride.findFirst({
    where: { id: overrideId, tenantId },
    select: { id: true, endedAt: true, expiresAt: true, record: { select: { id: true, tenantId: true, provider: true, objectType: true, externalId: true } } },
  });
  if (!o || o.endedAt) return { expired: false };
  if (o.expiresAt > now) throw new Error("override not yet expired");
  await tx.scoreOverride.update({ where: { id: o.id }, data: { endedAt: o.expiresAt, endReason: "Expired" } });
  await publishCurrent(tx, o.record, `override-expired:${o.id}`);
  return { expired: true };
}
