import { z } from "zod";

// How the panel names a CRM record: provider + object type + the CRM's id. One schema for the
// route params, the bootstrap token and the client.
export const RecordRefSchema = z
  .object({
    provider: z.enum(["SALESFORCE", "HUBSPOT"]),
    objectType: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    externalId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  })
  .strict();
export type RecordRef = z.infer<typeof RecordRefSchema>;

export function recordRef(ref: RecordRef): string {
  return `${ref.provider}/${ref.objectType}/${ref.externalId}`;
}

export function parseRecordRef(value: string): RecordRef | null {
  const [provider, objectType, externalId, ...rest] = value.split("/");
  if (rest.length) return null;
  const parsed = RecordRefSchema.safeParse({ provider, objectType, externalId });
  return parsed.success ? parsed.data : null;
}
