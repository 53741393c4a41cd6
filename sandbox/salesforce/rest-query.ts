import { randomBytes } from "node:crypto";
import { SfError } from "./errors";
import type { RestContext, RestRequest, RestResponse } from "./rest-types";
import { runSoql } from "./soql-eval";
import type { Row } from "./store";

const DEFAULT_BATCH = 2000;
const MIN_BATCH = 200;
const MAX_OPEN_CURSORS = 200;

interface Cursor {
  rows: Row[];
  totalSize: number;
  batchSize: number;
}

function batchSizeFrom(header: string | undefined): number | undefined {
  const m = /batchSize\s*=\s*(\d+)/i.exec(header ?? "");
  if (!m) return undefined;
  return Math.min(DEFAULT_BATCH, Math.max(MIN_BATCH, Number(m[1])));
}

/**
 * Server-side query cursors. Like Salesforce, a query's result set is fixed when it runs; later
 * pages come from that snapshot, addressed by "<cursor>-<offset>" locators.
 */
export class QueryCursors {
  private readonly open = new Map<string, Cursor>();

  page(rows: Row[], totalSize: number, batchSize: number, version: string, cursorId?: string, offset = 0) {
    const records = rows.slice(offset, offset + batchSize);
    const nextOffset = offset + records.length;
    const done = nextOffset >= rows.length;
    let id = cursorId;
    if (!done && !id) {
      id = `01g${randomBytes(9).toString("base64url").replace(/[-_]/g, "x").slice(0, 12)}AAA`;
      this.open.set(id, { rows, totalSize, batchSize });
      if (this.open.size > MAX_OPEN_CURSORS) this.open.delete(this.open.keys().next().value as string);
    }
    if (done && id) this.open.delete(id);
    return done
      ? { totalSize, done: true, records }
      : { totalSize, done: false, nextRecordsUrl: `/services/data/v${version}/query/${id}-${nextOffset}`, records };
  }

  more(locator: string, version: string, batchHeader: string | undefined) {
    const m = /^(.+)-(\d+)$/.exec(locator);
    const cursor = m?.[1] ? this.open.get(m[1]) : undefined;
    if (!m?.[1] || !cursor) throw new SfError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
    const batch = batchSizeFrom(batchHeader) ?? cursor.batchSize;
    return this.page(cursor.rows, cursor.totalSize, batch, version, m[1], Number(m[2]));
  }
}

export function handleQuery(ctx: RestContext, req: RestRequest): RestResponse {
  if (req.method !== "GET") {
    throw new SfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${req.method}' not allowed. Allowed are GET,HEAD`);
  }
  const locator = req.segments[1];
  const batchHeader = req.header("sforce-query-options");
  if (locator !== undefined) {
    return { status: 200, body: ctx.cursors.more(locator, req.version, batchHeader) };
  }
  const q = req.query.get("q");
  if (q === null || q.trim() === "") {
    throw new SfError(400, "MALFORMED_QUERY", "A query string has to be specified");
  }
  const { totalSize, records } = runSoql(ctx.store, q, { version: req.version, now: ctx.now() });
  const batch = batchSizeFrom(batchHeader) ?? DEFAULT_BATCH;
  return { status: 200, body: ctx.cursors.page(records, totalSize, batch, req.version) };
}
