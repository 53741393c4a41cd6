import "server-only";
import { assertInScope, SCOPED_RECORD_SELECT, toScoped, type Principal } from "@/lib/authz";
import { isUniqueViolation, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { enqueueFlagActivity } from "./crm-activity";
import type { CreateFlagInput, EditFlagInput, FlagDto, WithdrawFlagInput } from "./schema";

// A rep's "this score is wrong": stored, and written back to the CRM as an activity on the record
// (./crm-activity.ts) via the outbox — in one transaction, so there is never a flag without its
// pending write or the reverse. Until it is reviewed, its author may edit or withdraw it; the CRM
// activity follows each change the same way.

const flagSelect = {
  id: true, userId: true, scoreId: true, kind: true, comment: true, status: true, syncStatus: true, revision: true,
  createdAt: true, updatedAt: true,
} as const;

type FlagRow = { id: string; scoreId: string; kind: string; comment: string | null; status: string; syncStatus: string; revision: number; createdAt: Date; updatedAt: Date };

function toDto(f: FlagRow): FlagDto {
  return {
    id: f.id, scoreId: f.scoreId, kind: f.kind, comment: f.comment, status: f.status, syncStatus: f.syncStatus, revision: f.revision,
    createdAt: f.createdAt.toISOString(), updatedAt: f.updatedAt.toISOString(),
  };
}

const scoreSelect = {
  id: true, value: true, band: true,
  modelVersion: { select: { version: true } },
  record: { select: { id: true, provider: true, objectType: true, externalId: true, ...SCOPED_RECORD_SELECT } },
} as const;

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
    select: scoreSelect,
  });
  assertInScope(principal, "flags.create", score ? toScoped(score.record) : null);
  const { record } = score!;

  const open = await tx.flag.findFirst({
    where: { scoreId: score!.id, userId: principal.userId, status: "OPEN" },
    select: { id: true },
  });
  if (open) throw new AppError("conflict", "You already flagged this score. It is waiting for review.");

  const flag = await tx.flag.create({
    data: {
      tenantId: principal.tenantId, scoreId: score!.id, recordId: record.id, userId: principal.userId,
      kind: input.kind, comment: input.comment ?? null, idempotencyKey: input.idempotencyKey,
    },
    select: flagSelect,
  }).catch((err: unknown) => {
    throw isUniqueViolation(err) ? new AppError("conflict", "You already flagged this score. It is waiting for review.") : err;
  });
  const queued = await enqueueFlagActivity(tx, principal.tenantId, principal.userId, { ...flag, withdrawn: false, score: score!, record });
  if (!queued) throw new AppError("conflict", "This tenant has no CRM connection to write the flag to.");
  return { flag: toDto(flag), created: true };
}

// The author's own open flag, at the revision they saw. Anyone else's flag, or one outside the
// caller's scope, answers like a flag that does not exist.
async function ownOpenFlag(tx: Tx, principal: Principal, flagId: string, revision: number) {
  const flag = await tx.flag.findFirst({
    where: { id: flagId, tenantId: principal.tenantId, userId: principal.userId },
    select: { ...flagSelect, score: { select: scoreSelect } },
  });
  assertInScope(principal, "flags.create", flag ? toScoped(flag.score.record) : null);
  const f = flag!;
  if (f.status === "WITHDRAWN") throw new AppError("conflict", "You already withdrew this flag.");
  if (f.status !== "OPEN") throw new AppError("conflict", "This flag was already reviewed, so it can no longer be changed.");
  if (f.revision !== revision) throw new AppError("conflict", "This flag changed since you opened it. Reload to see the latest version.");
  return f;
}

async function revise(
  tx: Tx,
  principal: Principal,
  flag: Awaited<ReturnType<typeof ownOpenFlag>>,
  data: { kind?: CreateFlagInput["kind"]; comment?: string | null; withdraw?: boolean },
): Promise<FlagDto> {
  // Fenced on the revision read above, so two concurrent changes cannot both win.
  const { count } = await tx.flag.updateMany({
    where: { id: flag.id, status: "OPEN", revision: flag.revision },
    data: {
      ...(data.kind ? { kind: data.kind } : {}),
      ...(data.comment !== undefined ? { comment: data.comment } : {}),
      ...(data.withdraw ? { status: "WITHDRAWN" as const, withdrawnAt: new Date() } : {}),
      revision: { increment: 1 },
      syncStatus: "PENDING",
    },
  });
  if (count !== 1) throw new AppError("conflict", "This flag changed since you opened it. Reload to see the latest version.");
  const updated = await tx.flag.findUniqueOrThrow({ where: { id: flag.id }, select: flagSelect });
  await enqueueFlagActivity(tx, principal.tenantId, principal.userId, {
    ...updated, withdrawn: updated.status === "WITHDRAWN", score: flag.score, record: flag.score.record,
  });
  return toDto(updated);
}

export async function editFlag(tx: Tx, principal: Principal, flagId: string, input: EditFlagInput): Promise<FlagDto> {
  const flag = await ownOpenFlag(tx, principal, flagId, input.revision);
  return revise(tx, principal, flag, { kind: input.kind, comment: input.comment ?? null });
}

export async function withdrawFlag(tx: Tx, principal: Principal, flagId: string, input: WithdrawFlagInput): Promise<FlagDto> {
  const flag = await ownOpenFlag(tx, principal, flagId, input.revision);
  return revise(tx, principal, flag, { withdraw: true });
}
