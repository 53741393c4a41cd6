import "server-only";
import { assertInScope, SCOPED_RECORD_SELECT, toScoped, type Principal } from "@/lib/authz";
import { db } from "@/lib/db";
import type { ScoreChanges } from "@/lib/scoring/compute";
import type { RecordRef } from "./ref";

// A record's score history, newest first: each score with its model, what triggered it, and what
// changed since the one before (delta, the contributions that moved most, the inputs that changed).
// Same scope rule as the insight: a record outside the caller's scope answers 404.

const LIMIT = 50;

export interface HistoryEntry {
  id: string;
  value: number;
  band: string;
  computedAt: string;
  current: boolean;
  trigger: string;
  model: { version: string; algorithm: string };
  change: null | {
    because: string;
    previousValue: number | null;
    delta: number | null;
    modelChanged: boolean;
    movers: Array<{ feature: string; label: string; pointsFrom: number; pointsTo: number }>;
    inputs: ScoreChanges["inputs"];
  };
}

function changeOf(value: unknown): HistoryEntry["change"] {
  if (!value || typeof value !== "object") return null;
  const c = value as Partial<ScoreChanges>;
  if (typeof c.because !== "string") return null;
  return {
    because: c.because,
    previousValue: c.previous?.value ?? null,
    delta: c.delta ?? null,
    modelChanged: c.modelChanged ?? false,
    movers: (c.movers ?? []).map(({ feature, label, pointsFrom, pointsTo }) => ({ feature, label, pointsFrom, pointsTo })),
    inputs: c.inputs ?? [],
  };
}

export async function getScoreHistory(principal: Principal, ref: RecordRef): Promise<{ record: { name: string }; scores: HistoryEntry[] }> {
  const record = await db.crmRecord.findUnique({
    where: {
      tenantId_provider_objectType_externalId: {
        tenantId: principal.tenantId, provider: ref.provider, objectType: ref.objectType, externalId: ref.externalId,
      },
    },
    select: { id: true, name: true, ...SCOPED_RECORD_SELECT },
  });
  assertInScope(principal, "scores.view", record ? toScoped(record) : null);
  const scores = await db.score.findMany({
    where: { recordId: record!.id, shadow: false },
    orderBy: [{ computedAt: "desc" }, { id: "desc" }],
    take: LIMIT,
    select: {
      id: true, value: true, band: true, computedAt: true, isCurrent: true, trigger: true, changes: true,
      modelVersion: { select: { version: true, algorithm: true } },
    },
  });
  return {
    record: { name: record!.name },
    scores: scores.map((s) => ({
      id: s.id, value: s.value, band: s.band, computedAt: s.computedAt.toISOString(), current: s.isCurrent,
      trigger: s.trigger, model: s.modelVersion, change: changeOf(s.changes),
    })),
  };
}
