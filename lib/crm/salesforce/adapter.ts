import { Connection } from "jsforce";
import type { ActivityWrite, CrmAdapter, FieldWrite, RateLimitState, WriteResult } from "@/lib/crm/adapter";
import { CrmCallError } from "@/lib/crm/adapter";
import { CANDOR_TASK_FLAG_FIELD, SALESFORCE_API_VERSION } from "./fields";

// Salesforce through jsforce: Candor fields by sObject Collections (≤ 200 per call, per-record
// results), flags as Tasks upserted on Candor_Flag_Id__c so a retried write lands once.

export interface SalesforceCredentials {
  instanceUrl: string;
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  accessToken: string | null;
  refreshToken: string | null;
}

const RETRYABLE = new Set([
  "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "UNABLE_TO_LOCK_ROW", "API_CURRENTLY_DISABLED",
  "INVALID_SESSION_ID", "QUERY_TIMEOUT",
]);

function isRetryableCode(code: string): boolean {
  return RETRYABLE.has(code) || /^ERROR_HTTP_(5\d\d|429)$/.test(code);
}

function callError(err: unknown): CrmCallError {
  const e = err as { errorCode?: string; name?: string; message?: string; code?: string };
  const code = e.errorCode ?? e.code ?? e.name ?? "UNKNOWN";
  // Network-level failures (no Salesforce error code) are always worth retrying.
  const retryable = !e.errorCode || isRetryableCode(code);
  return new CrmCallError(code, e.message ?? code, retryable, code === "REQUEST_LIMIT_EXCEEDED" ? 15 * 60_000 : undefined);
}

type SaveResult = { id?: string | null; success: boolean; errors?: Array<{ statusCode?: string; errorCode?: string; message: string }> };

function toResults(raw: SaveResult[], ids: string[]): WriteResult[] {
  return raw.map((r, i) => {
    if (r.success) return { ok: true, externalId: r.id ?? ids[i]! };
    const first = r.errors?.[0];
    const code = first?.statusCode ?? first?.errorCode ?? "UNKNOWN";
    return { ok: false, retryable: isRetryableCode(code), code, message: first?.message ?? code };
  });
}

const WHO_TYPES = new Set(["Lead", "Contact"]);

export class SalesforceAdapter implements CrmAdapter {
  readonly provider = "SALESFORCE" as const;
  readonly maxBatch = 200;
  private readonly conn: Connection;

  constructor(creds: SalesforceCredentials, onRefresh: (accessToken: string) => Promise<void>) {
    this.conn = new Connection({
      instanceUrl: creds.instanceUrl,
      accessToken: creds.accessToken ?? undefined,
      refreshToken: creds.refreshToken ?? undefined,
      oauth2: { clientId: creds.clientId, clientSecret: creds.clientSecret, loginUrl: creds.loginUrl },
      version: SALESFORCE_API_VERSION,
    });
    // jsforce refreshes on 401 by itself; the new token must outlive this process.
    this.conn.on("refresh", (accessToken: string) => {
      void onRefresh(accessToken);
    });
  }

  private headers(correlationId: string) {
    return { "X-Candor-Correlation-Id": correlationId, "Sforce-Call-Options": "client=candor" };
  }

  async writeCandorFields(writes: FieldWrite[], correlationId: string): Promise<WriteResult[]> {
    if (writes.length > this.maxBatch) throw new Error(`At most ${this.maxBatch} writes per call`);
    const records = writes.map((w) => ({
      Id: w.externalId,
      attributes: { type: w.objectType },
      Candor_Score__c: w.values.score,
      Candor_Band__c: w.values.band,
      Candor_Top_Reasons__c: w.values.topReasons,
      Candor_Model_Version__c: w.values.modelVersion,
      Candor_Scored_At__c: w.values.scoredAt,
    }));
    try {
      const raw = (await this.conn.sobject(writes[0]?.objectType ?? "Lead").update(records as never, {
        allOrNone: false, headers: this.headers(correlationId),
      })) as unknown as SaveResult[];
      return toResults(raw, writes.map((w) => w.externalId));
    } catch (err) {
      throw callError(err);
    }
  }

  async createActivities(writes: ActivityWrite[], correlationId: string): Promise<WriteResult[]> {
    if (writes.length > this.maxBatch) throw new Error(`At most ${this.maxBatch} writes per call`);
    const records = writes.map((w) => ({
      [CANDOR_TASK_FLAG_FIELD.name]: w.idempotencyKey,
      attributes: { type: "Task" },
      Subject: w.subject.slice(0, 255),
      Description: w.body,
      Status: "Not Started",
      Priority: "Normal",
      ...(WHO_TYPES.has(w.objectType) ? { WhoId: w.recordExternalId } : { WhatId: w.recordExternalId }),
      ...(w.ownerExternalUserId ? { OwnerId: w.ownerExternalUserId } : {}),
    }));
    try {
      const raw = (await this.conn.sobject("Task").upsert(records as never, CANDOR_TASK_FLAG_FIELD.name, {
        allOrNone: false, headers: this.headers(correlationId),
      })) as unknown as SaveResult[];
      return toResults(raw, writes.map(() => ""));
    } catch (err) {
      throw callError(err);
    }
  }

  rateLimitState(): RateLimitState {
    const usage = (this.conn.limitInfo as { apiUsage?: { used: number; limit: number } }).apiUsage;
    return usage ? { used: usage.used, limit: usage.limit, remaining: usage.limit - usage.used } : {};
  }
}
