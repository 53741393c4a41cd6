import { AssociationSpecAssociationCategoryEnum } from "@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec";
import { FilterOperatorEnum } from "@hubspot/api-client/lib/codegen/crm/objects/models/Filter";
import type { ActivityWrite, CrmAdapter, CrmRecordData, FieldWrite, RateLimitState, WriteResult } from "@/lib/crm/adapter";
import { HubSpotApi, HubSpotCallError } from "./api";
import { apiRecordType, CANDOR_FLAG_ID_PROPERTY, NOTE_ASSOCIATION_TYPE, type HubSpotRecordType } from "./properties";
import {
  candorFieldProperties, isCandorEngagement, noteActivity, noteBody, NOTE_PROPERTIES, READ_PROPERTIES, taskActivity,
  TASK_PROPERTIES, toRecordData, type HsObject,
} from "./records";

// HubSpot through @hubspot/api-client: Candor properties by batch update (≤ 100 per call, per-record
// results), flags as notes upserted on the unique candor_flag_id and then associated with their
// record (both steps are idempotent, so a retry never duplicates), reads and change polls by the
// search API on hs_lastmodifieddate. Tokens and rate limits are handled by HubSpotApi.

const BATCH = 100;
type Activity = CrmRecordData["activities"][number];
type Engagement = "notes" | "tasks";

const chunks = <T>(items: T[], size = BATCH): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

// HubSpot user id → owner id (they differ in real portals), per portal. Kept across adapter
// instances: the outbox builds one per drain, and a lookup per drain would spend the rate limit
// on the same answer again.
const OWNER_TTL_MS = 60 * 60_000;
const ownerCache = new Map<string, { ownerId: string | null; at: number }>();

const instant = (o: HsObject | undefined) => (o ? Date.parse(o.properties.hs_lastmodifieddate ?? "") : NaN);
const HUBSPOT_ID = /^\d{1,20}$/;

function refused(err: HubSpotCallError): WriteResult {
  return { ok: false, retryable: false, code: err.code, message: err.message };
}

// HubSpot refuses a whole batch for one bad input. Halving finds the bad one and still delivers
// the rest; anything retryable (limits, outages) stops the search and goes back to the outbox.
async function isolating<I, K>(inputs: I[], keyOf: (i: I) => K, send: (batch: I[]) => Promise<Map<K, WriteResult>>): Promise<Map<K, WriteResult>> {
  try {
    return await send(inputs);
  } catch (err) {
    if (!(err instanceof HubSpotCallError) || err.retryable) throw err;
    if (inputs.length === 1) return new Map([[keyOf(inputs[0]!), refused(err)]]);
    const mid = Math.ceil(inputs.length / 2);
    const left = await isolating(inputs.slice(0, mid), keyOf, send);
    return new Map([...left, ...(await isolating(inputs.slice(mid), keyOf, send))]);
  }
}

export class HubSpotAdapter implements CrmAdapter {
  readonly provider = "HUBSPOT" as const;
  readonly maxBatch = BATCH;
  private installing: Promise<unknown> | null = null;
  private install: (() => Promise<unknown>) | null;
  private readonly portalId: string;

  // `install` runs before the first write when the portal may lack Candor's properties; its
  // failures (a 429 included) reach the outbox like any other call's, so the write waits.
  constructor(
    readonly api: HubSpotApi,
    opts: { portalId: string; install?: (() => Promise<unknown>) | null },
  ) {
    this.portalId = opts.portalId;
    this.install = opts.install ?? null;
  }

  private async installed(): Promise<void> {
    if (!this.install) return;
    this.installing ??= this.install();
    try {
      await this.installing;
      this.install = null;
    } finally {
      this.installing = null;
    }
  }

  private typeOf(objectType: string): HubSpotRecordType {
    const type = apiRecordType(objectType);
    if (!type) throw new HubSpotCallError("UNSUPPORTED_OBJECT", `Candor does not work with HubSpot ${objectType}`, false, null);
    return type;
  }

  async readRecord(objectType: string, externalId: string): Promise<CrmRecordData | null> {
    const type = this.typeOf(objectType);
    if (!HUBSPOT_ID.test(externalId)) return null;
    let obj;
    try {
      obj = await this.api.call((c) =>
        c.crm.objects.basicApi.getByIdWithHttpInfo(type, externalId, READ_PROPERTIES[type], undefined, ["notes", "tasks"]),
      );
    } catch (err) {
      if (err instanceof HubSpotCallError && err.status === 404) return null;
      throw err;
    }
    const links = (kind: Engagement) => new Map((obj.associations?.[kind]?.results ?? []).map((r) => [String(r.id), [obj.id]]));
    const activities = await this.activities({ notes: links("notes"), tasks: links("tasks") });
    return toRecordData(type, obj, activities.get(obj.id) ?? []);
  }

  async listChangedSince(objectType: string, cursor: string | null, limit: number) {
    const type = this.typeOf(objectType);
    const since = cursor === null ? null : Date.parse(cursor);
    if (since !== null && Number.isNaN(since)) throw new HubSpotCallError("BAD_CURSOR", `Not a point in time: ${cursor}`, false, null);
    const filterGroups = since === null ? [] : [{ filters: [{ propertyName: "hs_lastmodifieddate", operator: FilterOperatorEnum.Gt, value: String(since) }] }];
    // The cursor is a timestamp, so a page never ends inside a group modified in the same instant.
    const picked: HsObject[] = [];
    let after: string | undefined;
    let full = false;
    while (!full) {
      const page = await this.api.call((c) =>
        c.crm.objects.searchApi.doSearchWithHttpInfo(type, { filterGroups, sorts: ["hs_lastmodifieddate"], properties: READ_PROPERTIES[type], limit: BATCH, after }),
      );
      for (const o of page.results) {
        if (picked.length >= Math.max(1, limit) && instant(o) !== instant(picked[picked.length - 1])) {
          full = true;
          break;
        }
        picked.push(o);
      }
      after = page.paging?.next?.after;
      if (!after) break;
    }
    const activities = await this.activities(await this.links(type, picked.map((o) => o.id)));
    const records = picked.map((o) => toRecordData(type, o, activities.get(o.id) ?? []));
    return { records, nextCursor: records.length > 0 ? records[records.length - 1]!.updatedAt : cursor };
  }

  // Which notes and tasks hang off which records (v4 associations, one call per 100 records).
  private async links(type: HubSpotRecordType, ids: string[]): Promise<Record<Engagement, Map<string, string[]>>> {
    const out: Record<Engagement, Map<string, string[]>> = { notes: new Map(), tasks: new Map() };
    for (const kind of ["notes", "tasks"] as const) {
      for (const batch of chunks(ids)) {
        const res = await this.api.call((c) =>
          c.crm.associations.v4.batchApi.getPageWithHttpInfo(type, kind, { inputs: batch.map((id) => ({ id })) }),
        );
        for (const row of res.results) {
          for (const to of row.to) {
            const key = String(to.toObjectId);
            out[kind].set(key, [...(out[kind].get(key) ?? []), String(row._from.id)]);
          }
        }
      }
    }
    return out;
  }

  private async activities(links: Record<Engagement, Map<string, string[]>>): Promise<Map<string, Activity[]>> {
    const byRecord = new Map<string, Activity[]>();
    for (const kind of ["notes", "tasks"] as const) {
      for (const batch of chunks([...links[kind].keys()])) {
        const res = await this.api.call((c) =>
          c.crm.objects.batchApi.readWithHttpInfo(kind, {
            inputs: batch.map((id) => ({ id })), properties: kind === "notes" ? NOTE_PROPERTIES : TASK_PROPERTIES, propertiesWithHistory: [],
          }),
        );
        for (const e of res.results) {
          // Candor's own notes are Candor's writes, not the customer's activity.
          if (isCandorEngagement(e)) continue;
          const activity = kind === "notes" ? noteActivity(e) : taskActivity(e);
          for (const recordId of links[kind].get(e.id) ?? []) byRecord.set(recordId, [...(byRecord.get(recordId) ?? []), activity]);
        }
      }
    }
    return byRecord;
  }

  async writeCandorFields(writes: FieldWrite[], correlationId: string): Promise<WriteResult[]> {
    if (writes.length > this.maxBatch) throw new Error(`At most ${this.maxBatch} writes per call`);
    await this.installed();
    const results: WriteResult[] = [];
    const byType = new Map<HubSpotRecordType, Map<string, FieldWrite>>();
    for (const w of writes) {
      const type = apiRecordType(w.objectType);
      if (!type) continue;
      // One input per record: HubSpot refuses duplicate ids in a batch, and the later score is the one to keep.
      byType.set(type, (byType.get(type) ?? new Map()).set(w.externalId, w));
    }
    const outcome = new Map<string, WriteResult>();
    for (const [type, latest] of byType) {
      const inputs = [...latest.values()].map((w, i) => ({
        id: w.externalId, properties: candorFieldProperties(w.values), objectWriteTraceId: `${correlationId}/${i}`,
      }));
      const sent = await isolating(inputs, (i) => i.id, (batch) => this.updateBatch(type, batch));
      for (const [id, r] of sent) outcome.set(`${type}:${id}`, r);
    }
    for (const w of writes) {
      const type = apiRecordType(w.objectType);
      results.push(
        (type && outcome.get(`${type}:${w.externalId}`)) ||
          { ok: false, retryable: false, code: "UNSUPPORTED_OBJECT", message: `Candor does not write HubSpot ${w.objectType}` },
      );
    }
    return results;
  }

  private async updateBatch(type: HubSpotRecordType, inputs: Array<{ id: string; properties: Record<string, string> }>) {
    const res = await this.api.call((c) => c.crm.objects.batchApi.updateWithHttpInfo(type, { inputs }));
    const out = new Map<string, WriteResult>();
    for (const r of res.results) out.set(String(r.id), { ok: true, externalId: String(r.id) });
    for (const e of "errors" in res ? (res.errors ?? []) : []) {
      for (const id of e.context?.ids ?? []) out.set(id, { ok: false, retryable: false, code: e.category, message: e.message });
    }
    for (const i of inputs) {
      if (!out.has(i.id)) out.set(i.id, { ok: false, retryable: true, code: "NO_RESULT", message: "HubSpot did not report on this record" });
    }
    return out;
  }

  async createActivities(writes: ActivityWrite[], correlationId: string): Promise<WriteResult[]> {
    if (writes.length > this.maxBatch) throw new Error(`At most ${this.maxBatch} writes per call`);
    await this.installed();
    const owners = await this.ownerIds(writes.map((w) => w.ownerExternalUserId));
    const valid = writes.filter((w) => apiRecordType(w.objectType));
    const inputs = valid.map((w, i) => {
      const owner = w.ownerExternalUserId ? owners.get(w.ownerExternalUserId) : null;
      return {
        id: w.idempotencyKey,
        idProperty: CANDOR_FLAG_ID_PROPERTY.name,
        objectWriteTraceId: `${correlationId}/${i}`,
        properties: {
          [CANDOR_FLAG_ID_PROPERTY.name]: w.idempotencyKey,
          hs_note_body: noteBody(w.subject, w.body),
          hs_timestamp: w.occurredAt ?? new Date().toISOString(),
          ...(owner ? { hubspot_owner_id: owner } : {}),
        },
      };
    });
    const upserted = await isolating(inputs, (i) => i.id, (batch) => this.upsertNotes(batch));

    const associated = new Map<string, WriteResult>();
    const byType = new Map<HubSpotRecordType, Array<{ key: string; noteId: string; recordId: string }>>();
    for (const w of valid) {
      const note = upserted.get(w.idempotencyKey);
      if (!note?.ok) continue;
      const type = apiRecordType(w.objectType)!;
      byType.set(type, [...(byType.get(type) ?? []), { key: w.idempotencyKey, noteId: note.externalId, recordId: w.recordExternalId }]);
    }
    for (const [type, pairs] of byType) {
      for (const [k, r] of await isolating(pairs, (p) => p.key, (batch) => this.associateNotes(type, batch))) associated.set(k, r);
    }
    return writes.map((w) =>
      associated.get(w.idempotencyKey) ?? upserted.get(w.idempotencyKey) ??
        { ok: false, retryable: false, code: "UNSUPPORTED_OBJECT", message: `Candor does not write to HubSpot ${w.objectType}` },
    );
  }

  private async upsertNotes(inputs: Array<{ id: string; idProperty: string; properties: Record<string, string> }>) {
    const res = await this.api.call((c) => c.crm.objects.batchApi.upsertWithHttpInfo("notes", { inputs }));
    const out = new Map<string, WriteResult>();
    res.results.forEach((r, i) => {
      // Results carry the flag id back; without it, HubSpot answers in input order.
      const key = r.properties?.[CANDOR_FLAG_ID_PROPERTY.name] ?? inputs[i]?.id;
      if (key) out.set(key, { ok: true, externalId: String(r.id) });
    });
    if ("errors" in res && (res.errors ?? []).length > 0) {
      const first = res.errors![0]!;
      throw new HubSpotCallError(first.category, first.message, false, 207);
    }
    for (const i of inputs) {
      if (!out.has(i.id)) out.set(i.id, { ok: false, retryable: true, code: "NO_RESULT", message: "HubSpot did not report on this note" });
    }
    return out;
  }

  private async associateNotes(type: HubSpotRecordType, pairs: Array<{ key: string; noteId: string; recordId: string }>) {
    const res = await this.api.call((c) =>
      c.crm.associations.v4.batchApi.createWithHttpInfo("notes", type, {
        inputs: pairs.map((p) => ({
          _from: { id: p.noteId },
          to: { id: p.recordId },
          types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: NOTE_ASSOCIATION_TYPE[type] }],
        })),
      }),
    );
    if ("errors" in res && (res.errors ?? []).length > 0) {
      const first = res.errors![0]!;
      throw new HubSpotCallError(first.category, first.message, false, 207);
    }
    return new Map(pairs.map((p): [string, WriteResult] => [p.key, { ok: true, externalId: p.noteId }]));
  }

  private async ownerIds(userIds: Array<string | null>): Promise<Map<string, string | null>> {
    const out = new Map<string, string | null>();
    for (const userId of new Set(userIds)) {
      if (!userId) continue;
      const key = `${this.portalId}:${userId}`;
      const cached = ownerCache.get(key);
      if (cached && Date.now() - cached.at < OWNER_TTL_MS) {
        out.set(userId, cached.ownerId);
        continue;
      }
      let ownerId: string | null = null;
      if (HUBSPOT_ID.test(userId)) {
        try {
          ownerId = String((await this.api.call((c) => c.crm.owners.ownersApi.getByIdWithHttpInfo(Number(userId), "userId"))).id);
        } catch (err) {
          // A user who is not an owner (no CRM seat) still gets the note, just without an owner.
          if (!(err instanceof HubSpotCallError) || err.retryable) throw err;
        }
      }
      ownerCache.set(key, { ownerId, at: Date.now() });
      out.set(userId, ownerId);
    }
    return out;
  }

  refreshTokens(): Promise<void> {
    return this.api.refreshTokens();
  }

  rateLimitState(): RateLimitState {
    return this.api.rateLimitState();
  }
}
