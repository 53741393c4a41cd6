import "server-only";
import { principalForUser } from "@/lib/auth/session-store";
import type { db, Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { PII_LABELS, RECORD_CAPABILITIES } from "./capabilities";
import { presentRecordName } from "@/lib/privacy";
import { explainAccess, piiMode, type Principal } from "./policy";
import { SCOPED_RECORD_SELECT, toScoped } from "./sql";

// The admin's "check access" tool: pick a user and a record, see for every record capability
// whether it is allowed and the rule that decided, read from the same engine requests use.
export async function checkAccess(
  tx: Tx | typeof db,
  admin: Principal,
  input: { userId: string; provider: "SALESFORCE" | "HUBSPOT"; objectType: string; externalId: string },
) {
  const subject = await principalForUser(tx, admin.tenantId, input.userId);
  if (!subject) throw new AppError("not_found", "No active user with that id in this tenant.");
  const record = await tx.crmRecord.findUnique({
    where: { tenantId_provider_objectType_externalId: { tenantId: admin.tenantId, provider: input.provider, objectType: input.objectType, externalId: input.externalId } },
    select: { ...SCOPED_RECORD_SELECT, name: true, objectType: true, owner: { select: { name: true, teamId: true } } },
  });
  const scoped = record ? toScoped(record) : null;
  return {
    user: { id: subject.userId, role: subject.role, roleName: subject.roleName, region: subject.region, teamId: subject.teamId },
    record: record ? { name: presentRecordName(piiMode(admin), record.objectType, record.name), region: record.region, owner: record.owner?.name ?? null } : null,
    matrixVersion: subject.matrixVersion,
    pii: { mode: subject.grants.pii, label: PII_LABELS[subject.grants.pii] },
    decisions: RECORD_CAPABILITIES.map((c) => explainAccess(subject, c, scoped)),
  };
}
