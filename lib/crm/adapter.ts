// The boundary between Candor and a CRM. Everything above it (outbox worker, sync, services)
// speaks these types; lib/crm/salesforce and lib/crm/hubspot implement them with the vendors'
// client libraries, and one contract suite runs against both stand-ins.

export interface CandorFieldValues {
  score: number;
  band: string;
  topReasons: string;
  modelVersion: string;
  scoredAt: string;
}

export interface FieldWrite {
  objectType: string;
  externalId: string;
  values: CandorFieldValues;
}

export interface ActivityWrite {
  objectType: string;
  recordExternalId: string;
  // Candor's id for the activity; the adapter upserts on it, so a retry never duplicates.
  idempotencyKey: string;
  subject: string;
  body: string;
  ownerExternalUserId: string | null;
  // When the activity happened (ISO); a retried write keeps the same timeline position.
  occurredAt?: string;
  // Nothing left to do about it (a withdrawn flag): a completed Task in Salesforce.
  closed?: boolean;
}

// A CRM record as Candor caches it for scoring (CrmRecord), provider-neutral.
export interface CrmRecordData {
  objectType: string;
  externalId: string;
  name: string;
  ownerExternalId: string | null;
  fields: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  outcome: "OPEN" | "WON" | "LOST";
  closedAt: string | null;
  activities: Array<{ externalId: string; kind: string; subject: string; occurredAt: string }>;
}

// Per-item outcome, in request order. `retryable` separates "try again later" (limits, outages)
// from "this write can never succeed" (a deleted record, a rejected value).
export type WriteResult =
  | { ok: true; externalId: string }
  | { ok: false; retryable: boolean; code: string; message: string };

// Item codes meaning the record no longer exists in the CRM (deleted, merged away): no write to it
// can ever succeed, so the outbox settles it with that reason instead of retrying or dead-lettering.
export const RECORD_GONE_CODES: ReadonlySet<string> = new Set(["ENTITY_IS_DELETED", "OBJECT_NOT_FOUND"]);

export interface RateLimitState {
  used?: number;
  limit?: number;
  remaining?: number;
  resetAt?: string;
  // HubSpot's rolling window and daily budget.
  intervalMs?: number;
  dailyLimit?: number;
  dailyRemaining?: number;
}

export interface CrmAdapter {
  readonly provider: "SALESFORCE" | "HUBSPOT";
  // Largest batch one API call accepts for field writes.
  readonly maxBatch: number;
  readRecord(objectType: string, externalId: string): Promise<CrmRecordData | null>;
  // Records of a type changed after the cursor (null: from the beginning), oldest first, and the
  // cursor to pass next time.
  listChangedSince(objectType: string, cursor: string | null, limit: number): Promise<{ records: CrmRecordData[]; nextCursor: string | null }>;
  writeCandorFields(writes: FieldWrite[], correlationId: string): Promise<WriteResult[]>;
  createActivities(writes: ActivityWrite[], correlationId: string): Promise<WriteResult[]>;
  refreshTokens(): Promise<void>;
  rateLimitState(): RateLimitState;
}

// Thrown for failures of a whole call (network, auth, limits) rather than of single items.
// `retryAfterMs` is set only when the CRM said how long to wait (rate limits): the write was not
// refused, so waiting does not count as a failed attempt.
export class CrmCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "CrmCallError";
  }
}
