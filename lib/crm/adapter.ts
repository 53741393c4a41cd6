// The boundary between Candor and a CRM. Everything above it (outbox worker, sync, services)
// speaks these types; lib/crm/salesforce and lib/crm/hubspot implement them with the vendors'
// client libraries.

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
}

// Per-item outcome, in request order. `retryable` separates "try again later" (limits, outages)
// from "this write can never succeed" (a deleted record, a rejected value).
export type WriteResult =
  | { ok: true; externalId: string }
  | { ok: false; retryable: boolean; code: string; message: string };

export interface RateLimitState {
  used?: number;
  limit?: number;
  remaining?: number;
  resetAt?: string;
}

export interface CrmAdapter {
  readonly provider: "SALESFORCE" | "HUBSPOT";
  // Largest batch one API call accepts for field writes.
  readonly maxBatch: number;
  writeCandorFields(writes: FieldWrite[], correlationId: string): Promise<WriteResult[]>;
  createActivities(writes: ActivityWrite[], correlationId: string): Promise<WriteResult[]>;
  rateLimitState(): RateLimitState;
}

// Thrown for failures of a whole call (network, auth, limits) rather than of single items.
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
