// One "app" process of the scale-out test: the app's own write paths (score ingestion, flags, the
// CRM change webhook's sync job), driven from a plan file, against the shared PostgreSQL. It
// enqueues and never delivers: the worker processes do that. Exits when its plan is done.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { principalForUser } from "@/lib/auth/session-store";
import { db } from "@/lib/db";
import { createFlag } from "@/lib/flags/service";
import { startJobEngine, stopJobEngine } from "@/lib/jobs/engine";
import { enqueueRecordSync } from "@/lib/records/sync";
import { ingestScores } from "@/lib/scoring/ingest";
import type { AppPlan } from "./plan";

const plan = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as AppPlan;
const principal = async (userId: string) => {
  const p = await principalForUser(db, plan.tenantId, userId);
  if (!p) throw new Error(`No active user ${userId}`);
  return { ...p, sessionId: "scale" };
};
const admin = await principal(plan.adminId);
const rep = await principal(plan.repId);

await startJobEngine("producer");
for (const op of plan.operations) {
  if (op.type === "ingest") {
    await db.$transaction((tx) => ingestScores(tx, admin, randomUUID(), {
      schemaVersion: 1,
      items: op.items.map((i) => ({ record: i.record, score: i.score, reasons: [], model: { name: "scale", version: "1" } })),
    }), { timeout: 30_000, maxWait: 15_000 });
  } else if (op.type === "flag") {
    const record = await db.crmRecord.findFirstOrThrow({ where: { tenantId: plan.tenantId, externalId: op.record.externalId }, select: { id: true } });
    const score = await db.score.findFirstOrThrow({ where: { recordId: record.id, isCurrent: true, shadow: false }, select: { id: true } });
    await db.$transaction((tx) => createFlag(tx, rep, { scoreId: score.id, kind: "TOO_HIGH", comment: undefined, idempotencyKey: randomUUID().replace(/-/g, "") }));
  } else {
    await enqueueRecordSync(db, plan.tenantId, { connectionId: plan.connections.SALESFORCE, objectType: op.record.objectType, externalId: op.record.externalId });
  }
}
await stopJobEngine();
process.exit(0);
