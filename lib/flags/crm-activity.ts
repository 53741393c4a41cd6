import "server-only";
import type { Tx } from "@/lib/db";
import { enqueue } from "@/lib/outbox";
import { FLAG_KIND_LABELS, type FlagKindName } from "./schema";

// A flag's CRM side: one activity on the record (a Salesforce Task, a HubSpot note) that follows
// the flag through its life. Every revision (created, edited, withdrawn) is a new outbox message,
// and every one upserts the same activity, keyed by the flag (`activityKey`), so the CRM shows the
// latest words once. The outbox delivers only the newest revision of an activity (see
// lib/outbox/messages.ts), and only its delivery marks the flag synced (lib/outbox/effects.ts).

export interface ActivityPayload {
  flagId: string;
  revision: number;
  /** What the CRM upserts on: the same for every revision of one flag. */
  activityKey: string;
  subject: string;
  body: string;
  ownerExternalUserId: string | null;
  // When the rep flagged: the activity's place on the CRM timeline, the same on every retry and edit.
  occurredAt: string;
  /** A withdrawn flag's activity is closed (a completed Task in Salesforce). */
  closed: boolean;
}

export interface FlagForActivity {
  id: string;
  kind: FlagKindName;
  comment: string | null;
  revision: number;
  withdrawn: boolean;
  createdAt: Date;
  score: { value: number; band: string; modelVersion: { version: string } };
  record: { objectType: string; externalId: string; provider: "SALESFORCE" | "HUBSPOT" };
}

export const activityKeyOf = (flagId: string) => `flag:${flagId}`;

async function crmTarget(tx: Tx, tenantId: string, userId: string, provider: FlagForActivity["record"]["provider"]) {
  const connection = await tx.crmConnection.findFirst({ where: { tenantId, provider }, select: { id: true, externalOrgId: true } });
  if (!connection) return null;
  const [author, identity] = await Promise.all([
    tx.user.findUniqueOrThrow({ where: { id: userId }, select: { name: true } }),
    tx.crmIdentity.findFirst({ where: { userId, provider, externalOrgId: connection.externalOrgId }, select: { externalUserId: true } }),
  ]);
  return { connectionId: connection.id, authorName: author.name, ownerExternalUserId: identity?.externalUserId ?? null };
}

function words(flag: FlagForActivity, author: string): { subject: string; body: string } {
  const label = FLAG_KIND_LABELS[flag.kind];
  const about = `Candor score ${flag.score.value} (band ${flag.score.band}, model ${flag.score.modelVersion.version})`;
  if (flag.withdrawn) {
    return { subject: `Candor flag withdrawn: ${label}`, body: `${author} withdrew their flag on ${about}.\nKind was: ${label}.` };
  }
  return {
    subject: `Candor score flagged: ${label}`,
    body: [
      `${author} flagged ${about}.`,
      `Kind: ${label}.`,
      flag.comment ? `Comment: ${flag.comment}` : null,
      flag.revision > 1 ? `Edited by ${author} (revision ${flag.revision}).` : null,
    ].filter(Boolean).join("\n"),
  };
}

/**
 * Queues the CRM activity for the flag's current revision, in the caller's transaction. Returns
 * false when the tenant has no connection to that CRM (nothing can be written).
 */
export async function enqueueFlagActivity(tx: Tx, tenantId: string, userId: string, flag: FlagForActivity): Promise<boolean> {
  const target = await crmTarget(tx, tenantId, userId, flag.record.provider);
  if (!target) return false;
  const payload: ActivityPayload = {
    flagId: flag.id,
    revision: flag.revision,
    activityKey: activityKeyOf(flag.id),
    ...words(flag, target.authorName),
    ownerExternalUserId: target.ownerExternalUserId,
    occurredAt: flag.createdAt.toISOString(),
    closed: flag.withdrawn,
  };
  await enqueue(tx, {
    tenantId, connectionId: target.connectionId, kind: "create_task",
    objectType: flag.record.objectType, recordExternalId: flag.record.externalId,
    payload: { ...payload },
    // Revision 1 keeps the plain key: messages written before revisions existed upsert on it in the CRM.
    idempotencyKey: flag.revision === 1 ? activityKeyOf(flag.id) : `${activityKeyOf(flag.id)}:r${flag.revision}`,
    source: { type: "flag", id: flag.id },
  });
  return true;
}
