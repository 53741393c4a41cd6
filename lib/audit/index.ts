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

// Append-only (a database trigger refuses UPDATE/DELETE). Pass the transaction that made the
// change so the change and its audit row commit or roll back together.
export async function recordAudit(event: AuditInput, tx: Tx | typeof db = db): Promise<void> {
  await tx.auditEvent.create({
    data: {
      tenantId: event.tenantId,
      actorUserId: event.actorUserId ?? null,
      actorType: event.actorType,
      action: event.action,
      resourceType: event.resourceType,
      resourceId: event.resourceId ?? null,
      outcome: event.outcome,
      requestId: currentContext()?.requestId ?? "system",
      details: event.details ?? {},
    },
  });
}
