import "server-only";
import { db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { currentContext } from "@/lib/request-context";

export interface AuditInput {
  tenantId: string | null;
  actorUserId?: string | null;
  actorType: "user" | "system" | "crm" | "scim";
  action: string;
  resourceType: string;
  resourceId?: string | null;
  outcome: "success" | "denied" | "failure";
  details?: Prisma.InputJsonValue;
}

function row(event: AuditInput, requestId: string): Prisma.AuditEventCreateManyInput {
  return {
    tenantId: event.tenantId,
    actorUserId: event.actorUserId ?? null,
    actorType: event.actorType,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId ?? null,
    outcome: event.outcome,
    requestId,
    details: event.details ?? {},
  };
}

// Append-only (a database trigger refuses UPDATE/DELETE). Pass the transaction that made the
// change so the change and its audit row commit or roll back together.
export async function recordAudit(event: AuditInput, tx: Tx | typeof db = db): Promise<void> {
  await tx.auditEvent.create({ data: row(event, currentContext()?.requestId ?? "system") });
}

// Many events in one statement, for changes made in bulk (a batch of CRM writes settling).
export async function recordAudits(events: AuditInput[], tx: Tx | typeof db = db): Promise<void> {
  if (events.length === 0) return;
  const requestId = currentContext()?.requestId ?? "system";
  await tx.auditEvent.createMany({ data: events.map((e) => row(e, requestId)) });
}
