import { Connection } from "jsforce";
import type { ActivityWrite, CrmAdapter, CrmRecordData, FieldWrite, RateLimitState, WriteResult } from "@/lib/crm/adapter";
import { CrmCallError } from "@/lib/crm/adapter";
import { log } from "@/lib/log";
import { CANDOR_TASK_FLAG_FIELD, SALESFORCE_API_VERSION } from "./fields";
import { ACTIVITY_LINK, READ_FIELDS, activityQuery, isSalesforceId, soqlDateTime, toRecordData } from "./records";

// Salesforce through jsforce: Candor fields by sObject Collections (≤ 200 per call, per-record
// results), flags as Tasks upserted on Candor_Flag_Id__c so a retried write lands once, reads and
// change polls by SOQL on LastModifiedDate.

export interface SalesforceCredentials {
  instanceUrl: string;
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  accessToken: string | null;
  refreshToken: string | null;
}

// UNKNOWN_EXCEPTION is the code of Salesforce's own 500s: transient, and retrying is safe because
// every write is an idempotent upsert or update.
const RETRYABLE = new Set([
  "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE", "UNABLE_TO_LOCK_ROW", "API_CURRENTLY_DISABLED",
  "INVALID_SESSION_ID", "QUERY_TIMEOUT", "UNKNOWN_EXCEPTION",
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
// SOQL IN lists stay well under the query-length limit at this size.
const ID_CHUNK = 200;

type Row = Record<string, unknown>;
type Page = { done: boolean; nextRecordsUrl?: string; records: Row[] };

const instant = (v: unknown) => (typeof v === "string" ? Date.parse(v) : NaN);

export class SalesforceAdapter implements CrmAdapter {
  readonly provider = "SALESFORCE" as const;
  readonly maxBatch = 200;
  private readonly conn: Connection;
  private readonly refreshToken: string | null;

  constructor(
    creds: SalesforceCredentials,
    private readonly onRefresh: (accessToken: string) => Promise<void>,
  ) {
    this.refreshToken = creds.refreshToken;
    this.conn = new Connection({
      instanceUrl: creds.instanceUrl,
      accessToken: creds.accessToken ?? undefined,
      refreshToken: creds.refreshToken ?? undefined,
      oauth2: { clientId: creds.clientId, clientSecret: creds.clientSecret, loginUrl: creds.loginUrl },
      version: SALESFORCE_API_VERSION,
    });
    // jsforce refreshes on 401 by itself; the new token must outlive this process. If storing it
    // fails, this connection keeps working and the next one refreshes again from the refresh token.
    this.conn.on("refresh", (accessToken: string) => {
      onRefresh(accessToken).catch((err: unknown) => {
        log.error({ err: (err as Error).message }, "could not store the refreshed Salesforce token");
      });
    });
  }

  private fieldsFor(objectType: string): string[] {
    const fields = READ_FIELDS[objectType];
    if (!fields) throw new CrmCallError("UNSUPPORTED_OBJECT", `Candor does not read ${objectType} records`, false);
    return fields;
  }

  // Yields every row of a query, page by page (queryMore), until the consumer stops asking.
  private async *rows(soql: string): AsyncGenerator<Row> {
    try {
      let page = (await this.conn.query<Row>(soql)) as unknown as Page;
      for (;;) {
        yield* page.records;
        if (page.done || !page.nextRecordsUrl) return;
        page = (await this.conn.queryMore<Row>(page.nextRecordsUrl)) as unknown as Page;
      }
    } catch (err) {
      throw err instanceof CrmCallError ? err : callError(err);
    }
  }

  private async tasksFor(objectType: string, ids: string[]): Promise<Map<string, Row[]>> {
    const byRecord = new Map<string, Row[]>();
    const link = ACTIVITY_LINK[objectType];
    for (let i = 0; link && i < ids.length; i += ID_CHUNK) {
      const soql = activityQuery(objectType, ids.slice(i, i + ID_CHUNK));
      if (!soql) continue;
      for await (const task of this.rows(soql)) {
        const key = String(task[link]);
        byRecord.set(key, [...(byRecord.get(key) ?? []), task]);
      }
    }
    return byRecord;
  }

  async readRecord(objectType: string, externalId: string): Promise<CrmRecordData | null> {
    const fields = this.fieldsFor(objectType);
    if (!isSalesforceId(externalId)) return null;
    let row: Row | undefined;
    for await (const r of this.rows(`SELECT ${fields.join(", ")} FROM ${objectType} WHERE Id = '${externalId}'`)) row ??= r;
    if (!row) return null;
    const tasks = await this.tasksFor(objectType, [String(row.Id)]);
    return toRecordData(objectType, row, tasks.get(String(row.Id)) ?? []);
  }

  async listChangedSince(objectType: string, cursor: string | null, limit: number) {
    const fields = this.fieldsFor(objectType);
    const since = cursor === null ? null : soqlDateTime(cursor);
    if (cursor !== null && since === null) throw new CrmCallError("BAD_CURSOR", `Not a point in time: ${cursor}`, false);
    const where = since ? ` WHERE LastModifiedDate > ${since}` : "";
    const soql = `SELECT ${fields.join(", ")} FROM ${objectType}${where} ORDER BY LastModifiedDate ASC, Id ASC`;
    // The cursor is a timestamp, so a page never ends inside a group of records modified in the
    // same instant: the next poll asks for "after" it and would skip the rest of the group.
    const picked: Row[] = [];
    for await (const row of this.rows(soql)) {
      const last = picked[picked.length - 1];
      if (picked.length >= Math.max(1, limit) && instant(row.LastModifiedDate) !== instant(last?.LastModifiedDate)) break;
      picked.push(row);
    }
    const tasks = await this.tasksFor(objectType, picked.map((r) => String(r.Id)));
    const records = picked.map((r) => toRecordData(objectType, r, tasks.get(String(r.Id)) ?? []));
    return { records, nextCursor: records.length > 0 ? records[records.length - 1]!.updatedAt : cursor };
  }

  // Refreshes ahead of need (jsforce also refreshes by itself on a 401) and persists the token.
  async refreshTokens(): Promise<void> {
    if (!this.refreshToken) throw new CrmCallError("NO_REFRESH_TOKEN", "The connection has no refresh token; reconnect it.", false);
    let accessToken: string;
    try {
      accessToken = (await this.conn.oauth2.refreshToken(this.refreshToken)).access_token;
    } catch (err) {
      throw callError(err);
    }
    this.conn.accessToken = accessToken;
    await this.onRefresh(accessToken);
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
      Status: w.closed ? "Completed" : "Not Started",
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
