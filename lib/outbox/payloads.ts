import { z } from "zod";
import { CANDOR_FIELDS } from "@/lib/crm/salesforce/fields";

// What each kind of outbox write carries, checked when it is enqueued and again before it is sent:
// a payload that does not fit is never cast into a CRM call. At delivery it is rejected with the
// reasons and kept (DEAD, INVALID_PAYLOAD) for an admin to see. Lengths follow the CRM fields.

function fieldLength(name: string): number {
  const field = CANDOR_FIELDS.find((f) => f.name === name);
  if (!field || !("length" in field)) throw new Error(`${name} has no length`);
  return field.length;
}

export const FieldValuesPayload = z.object({
  score: z.number().int().min(0).max(100),
  band: z.string().min(1).max(fieldLength("Candor_Band__c")),
  topReasons: z.string().max(fieldLength("Candor_Top_Reasons__c")),
  modelVersion: z.string().min(1).max(fieldLength("Candor_Model_Version__c")),
  scoredAt: z.iso.datetime({ offset: true }),
}).strict();

export const TaskPayload = z.object({
  // The flag the task reports, when it reports one.
  flagId: z.string().uuid().optional(),
  subject: z.string().min(1).max(255),
  body: z.string().max(32_000),
  ownerExternalUserId: z.string().min(1).max(64).nullable(),
  // When it happened (a rep flagged); a retried write keeps this time on the CRM timeline.
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  // A flag's activity is rewritten at each revision: the flag's revision, the CRM upsert key all
  // its revisions share, and whether it is closed (a withdrawn flag's completed Task).
  revision: z.number().int().min(1).optional(),
  activityKey: z.string().min(1).max(80).optional(),
  closed: z.boolean().optional(),
}).strict();

export const OUTBOX_PAYLOADS = { update_fields: FieldValuesPayload, create_task: TaskPayload } as const;
export type OutboxKind = keyof typeof OUTBOX_PAYLOADS;

export type PayloadCheck =
  | { ok: true; kind: "update_fields"; value: z.infer<typeof FieldValuesPayload> }
  | { ok: true; kind: "create_task"; value: z.infer<typeof TaskPayload> }
  | { ok: false; reason: string };

export function checkPayload(kind: string, payload: unknown): PayloadCheck {
  if (kind !== "update_fields" && kind !== "create_task") return { ok: false, reason: `unknown kind ${kind}` };
  const parsed = OUTBOX_PAYLOADS[kind].safeParse(payload);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join(".") || "(payload)"}: ${i.message}`).join("; ").slice(0, 400) };
  }
  return { ok: true, kind, value: parsed.data } as PayloadCheck;
}
