import "server-only";
import { z } from "zod";
import { assertInScope, recordWhere, SCOPED_RECORD_SELECT, toScoped, type Principal } from "@/lib/authz";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { FlagKind } from "@/lib/generated/prisma/enums";
import { FLAG_KINDS } from "./schema";

// The review queue: flags wait as OPEN until someone with flags.review decides. An accepted flag
// about the outcome becomes a labelled training example for the next model (TrainingLabel).
//
// What an accepted flag says about the outcome, unless the reviewer says otherwise:
//   TOO_HIGH → label 0 (this record will not convert, whatever the score implied)
//   TOO_LOW  → label 1 (it will)
//   WRONG_REASONS, BAD_DATA → no label: they are about the explanation or the data, not the outcome.
// A label counts for half an observed CRM outcome (REVIEWER_LABEL_WEIGHT): it is a person's
// judgement about a record that is still open, and it gives way entirely once the record closes.
export const DEFAULT_LABEL: Record<FlagKind, 0 | 1 | null> = { TOO_HIGH: 0, TOO_LOW: 1, WRONG_REASONS: null, BAD_DATA: null };
export const REVIEWER_LABEL_WEIGHT = 0.5;

export const ListFlagsQuerySchema = z
  .object({
    status: z.enum(["OPEN", "ACCEPTED", "REJECTED"]).default("OPEN"),
    kind: z.enum(FLAG_KINDS).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const ResolveFlagSchema = z
  .object({
    decision: z.enum(["ACCEPTED", "REJECTED"]),
    resolution: z.string().trim().min(1).max(1000),
    // Overrides the default label of an accepted flag; null: accepted, but no label.
    label: z.union([z.literal(0), z.literal(1), z.null()]).optional(),
  })
  .strict();
export type ResolveFlagInput = z.infer<typeof ResolveFlagSchema>;

const reviewSelect = {
  id: true, kind: true, comment: true, status: true, syncStatus: true, createdAt: true, resolution: true, resolvedAt: true,
  user: { select: { name: true } },
  score: {
    select: {
      id: true, value: true, band: true, computedAt: true,
      modelVersion: { select: { id: true, version: true, algorithm: true } },
      record: { select: { id: true, provider: true, objectType: true, externalId: true, name: true, region: true } },
    },
  },
} as const;

export async function listFlags(principal: Principal, query: z.infer<typeof ListFlagsQuerySchema>) {
  const flags = await db.flag.findMany({
    where: {
      tenantId: principal.tenantId, status: query.status, ...(query.kind ? { kind: query.kind } : {}),
      score: { is: { record: { is: recordWhere(principal, "flags.review") } } },
    },
    orderBy: { createdAt: query.status === "OPEN" ? "asc" : "desc" },
    take: query.limit,
    select: reviewSelect,
  });
  return {
    flags: flags.map((f) => ({
      id: f.id, kind: f.kind, comment: f.comment, status: f.status, syncStatus: f.syncStatus,
      createdAt: f.createdAt.toISOString(), author: f.user.name,
      resolution: f.resolution, resolvedAt: f.resolvedAt?.toISOString() ?? null,
      record: f.score.record,
      score: {
        id: f.score.id, value: f.score.value, band: f.score.band, computedAt: f.score.computedAt.toISOString(),
        model: f.score.modelVersion,
      },
    })),
  };
}

export async function resolveFlag(tx: Tx, principal: Principal, flagId: string, input: ResolveFlagInput) {
  const flag = await tx.flag.findFirst({
    where: { id: flagId, tenantId: principal.tenantId },
    select: {
      id: true, kind: true, status: true, recordId: true,
      score: { select: { record: { select: SCOPED_RECORD_SELECT } } },
    },
  });
  assertInScope(principal, "flags.review", flag ? toScoped(flag.score.record) : null);
  if (flag!.status !== "OPEN") throw new AppError("conflict", "This flag was already resolved.");
  const label = input.decision === "ACCEPTED" ? (input.label === undefined ? DEFAULT_LABEL[flag!.kind] : input.label) : null;
  const resolvedAt = new Date();
  await tx.flag.update({
    where: { id: flag!.id },
    data: { status: input.decision, resolution: input.resolution, resolvedAt, resolvedById: principal.userId },
  });
  const trainingLabel =
    label === null
      ? null
      : await tx.trainingLabel.create({
          data: {
            tenantId: principal.tenantId, recordId: flag!.recordId, label, weight: REVIEWER_LABEL_WEIGHT,
            source: `flag:${flag!.kind}`, flagId: flag!.id, createdBy: principal.userId,
          },
          select: { id: true, label: true, weight: true },
        });
  return { id: flag!.id, status: input.decision, resolution: input.resolution, resolvedAt: resolvedAt.toISOString(), trainingLabel };
}
