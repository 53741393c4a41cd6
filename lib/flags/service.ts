import "server-only";
import { assertInScope, SCOPED_RECORD_SELECT, toScoped, type Principal } from "@/lib/authz";
import { isUniqueViolation, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { z } from "zod";
import { enqueue } from "@/lib/outbox";
import type { TaskPayload } from "@/lib/outbox/payloads";
import { FLAG_KIND_LABELS, type CreateFlagInput, type FlagDto } from "./schema";

// A rep's "this score is wrong": stored, and written back to the CRM as a task on the record via
// the outbox — in one transaction, so there is never a flag without its pending write or the reverse.

// The task the CRM gets; occurredAt (when the rep flagged) keeps its place on the CRM timeline on every retry.
type ActivityPayload = z.infer<typeof TaskPayload>;

function toDto(f: { id: string; kind: string; comment: string | null; status: string; syncStatus: string; createdAt: Date }): FlagDto {
  return { id: f.id, kind: f.kind, comment: f.comment, status: f.status, syncStatus: f.syncStatus, createdAt: f.createdAt.toISOString() };
}

const flagSelect = { id: true, userId: true, kind: true, comment: true, status: true, syncStatus: true, createdAt: true } as const;

export async function createFlag(
  tx: Tx,
  principal: Principal,
  input: CreateFlagInput,
): Promise<{ flag: FlagDto; created: boolean }> {
  const previous = await tx.flag.findUnique({
    where: { tenantId_idempotencyKey: { tenantId: principal.tenantId, idempotencyKey: input.idempotencyKey } },
    select: flagSelect,
  });
  if (previous) {
    if (previous.userId !== principal.userId) throw new AppError("conflict", "That idempotency key was already used.");
    return { flag: toDto(previous), created: false };
  }

  const score = await tx.score.findFirst({
    // Shadow scores are never shown, so they cannot be flagged.
    where: { id: input.scoreId, tenantId: principal.tenantId, shadow: false },
    select: {
      id: true, value: true, band: true,
      modelVersion: { select: { version: true } },
      record: { select: { id: true, provider: true, objectType: true, externalId: true, ...SCOPED_RECORD_SELECT } },
    },
  });
  assertInScope(principal, "flags.create", score ? toScoped(score.record) : null);
  const { record } = score!;

  const open = await tx.flag.findFirst({
    where: { scoreId: score!.id, userId: principal.userId, status: "OPEN" },
    select: { id: true },
  });
  if (open) throw new AppError("conflict", "You already flagged this score. It is waiting for review.");

  const connection = await tx.crmConnection.findFirst({
    where: { tenantId: principal.tenantId, provider: record.provider },
    select: { id: true, externalOrgId: true },
  });
  if (!connection) throw new AppError("conflict", "This tenant has no CRM connection to write the flag to.");

  // The check above is the common case; a second request racing this one meets the partial
  // unique index (one open flag per person and score) and gets the same answer.
  const flag = await tx.flag.create({
    data: {
      tenantId: principal.tenantId, scoreId: score!.id, recordId: record.id, userId: principal.userId,
      kind: input.kind, comment: input.comment ?? null, idempotencyKey: input.idempotencyKey,
    },
    select: flagSelect,
  }).catch((err: unknown) => {
    throw isUniqueViolation(err) ? new AppError("conflict", "You already flagged this score. It is waiting for review.") : err;
  });

  const [author, identity] = await Promise.all([
    tx.user.findUniqueOrThrow({ where: { id: principal.userId }, select: { name: true } }),
    tx.crmIdentity.findFirst({
      where: { userId: principal.userId, provider: record.provider, externalOrgId: connection.externalOrgId },
      select: { externalUserId: true },
    }),
  ]);
  const payload: ActivityPayload = {
    flagId: flag.id,
    subject: `Candor score flagged: ${FLAG_KIND_LABELS[input.kind]}`,
    body: [
      `${author.name} flagged Candor score ${score!.value} (band ${score!.band}, model ${score!.modelVersion.version}).`,
      `Kind: ${FLAG_KIND_LABELS[input.kind]}.`,
      input.comment ? `Comment: ${input.comment}` : null,
    ].filter(Boolean).join("\n"),
    ownerExternalUserId: identity?.externalUserId ?? null,
    occurredAt: flag.createdAt.toISOString(),
  };
  await enqueue(tx, {
    tenantId: principal.tenantId, connectionId: connection.id, kind: "create_task",
    objectType: record.objectType, recordExternalId: record.externalId,
    payload: { ...payload }, idempotencyKey: `flag:${flag.id}`, source: { type: "flag", id: flag.id },
  });
  return { flag: toDto(flag), created: true };
}
