import "server-only";
import { recordAudits } from "@/lib/audit";
import type { Principal } from "@/lib/authz";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { DeadLetter } from "./schema";

// Dead letters: CRM writes that failed for good, kept with the CRM's own error. After a fix an
// admin replays them (one, or every one of a connection) and the workers deliver them like new;
// or discards one, saying why. Every action is audited, per message.

const PAGE = 50;

function summary(kind: string, payload: Prisma.JsonValue): string {
  const p = (payload && typeof payload === "object" && !Array.isArray(payload) ? payload : {}) as Record<string, unknown>;
  if (kind === "update_fields") return `Score ${String(p.score ?? "?")} (band ${String(p.band ?? "?")})`;
  return typeof p.subject === "string" ? p.subject : kind;
}

export async function listDeadLetters(tenantId: string, filter: { connectionId?: string; before?: number }): Promise<{ items: DeadLetter[]; next: number | null }> {
  const rows = await db.outboxMessage.findMany({
    where: {
      tenantId, status: "DEAD", ...(filter.connectionId ? { connectionId: filter.connectionId } : {}),
      ...(filter.before ? { seq: { lt: BigInt(filter.before) } } : {}),
    },
    orderBy: { seq: "desc" }, take: PAGE + 1,
    select: {
      id: true, seq: true, connectionId: true, kind: true, objectType: true, recordExternalId: true, payload: true,
      attempts: true, lastErrorCode: true, lastError: true, createdAt: true,
    },
  });
  const items = rows.slice(0, PAGE).map((m) => ({
    id: m.id, seq: Number(m.seq), connectionId: m.connectionId, kind: m.kind, objectType: m.objectType, recordExternalId: m.recordExternalId,
    summary: summary(m.kind, m.payload), attempts: m.attempts, errorCode: m.lastErrorCode, error: m.lastError, createdAt: m.createdAt.toISOString(),
  }));
  return { items, next: rows.length > PAGE ? items[items.length - 1]!.seq : null };
}

const auditOf = (principal: Principal, action: string, details: Record<string, string | number>) => (m: { id: string }) => ({
  tenantId: principal.tenantId, actorUserId: principal.userId, actorType: "user" as const, action,
  resourceType: "outbox_message", resourceId: m.id, outcome: "success" as const, details,
});

/** Sends dead letters again: from the first attempt, as soon as a worker is free. */
export async function replayDeadLetters(tx: Tx, principal: Principal, which: { ids: string[] } | { connectionId: string }) {
  const byIds = "ids" in which;
  const target = byIds ? Prisma.sql`id = ANY(${which.ids}::uuid[])` : Prisma.sql`connection_id = ${which.connectionId}::uuid`;
  const rows = await tx.$queryRaw<Array<{ id: string; sourceType: string | null; sourceId: string | null }>>`
    UPDATE outbox_messages SET status = 'PENDING', attempts = 0, next_attempt_at = now(), claim_id = NULL, locked_until = NULL
    WHERE tenant_id = ${principal.tenantId}::uuid AND status = 'DEAD' AND ${target}
    RETURNING id::text AS id, source_type AS "sourceType", source_id AS "sourceId"`;
  if (byIds && rows.length === 0) throw new AppError("not_found", "No such dead letter.");
  // The flags those writes report go back to waiting for the CRM.
  const flags = rows.filter((r) => r.sourceType === "flag" && r.sourceId).map((r) => r.sourceId!);
  if (flags.length > 0) await tx.flag.updateMany({ where: { id: { in: flags }, tenantId: principal.tenantId }, data: { syncStatus: "PENDING" } });
  await recordAudits(rows.map(auditOf(principal, "outbox.replay", { scope: byIds ? "selected" : "connection" })), tx);
  return { replayed: rows.length, ids: rows.map((r) => r.id) };
}

export async function discardDeadLetter(tx: Tx, principal: Principal, id: string, reason: string) {
  const { count } = await tx.outboxMessage.updateMany({
    where: { id, tenantId: principal.tenantId, status: "DEAD" },
    data: { status: "DISCARDED", discardReason: reason, completedAt: new Date() },
  });
  if (count === 0) throw new AppError("not_found", "No such dead letter.");
  await recordAudits([auditOf(principal, "outbox.discard", { reason })({ id })], tx);
  return { discarded: id };
}
