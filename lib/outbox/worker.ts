import "server-only";
import { randomUUID } from "node:crypto";
import { CrmCallError, RECORD_GONE_CODES, type CrmAdapter } from "@/lib/crm/adapter";
import { adapterFor } from "@/lib/crm/connections";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { runWithContext } from "@/lib/request-context";
import { breakerGate, recordCallFailure, recordCallSuccess } from "./breaker";
import { crmBudget, type CrmBudget } from "./budget";
import { claimFor, dueConnections, findSuperseded, reapExhausted, renewClaim, type Claimed } from "./claims";
import { countCall } from "./metrics";
import { checkPayload } from "./payloads";
import { sendBatch } from "./send";
import { settleAll, type Settlement } from "./settle";

// Drains the outbox: claims due messages (a lease per claim, renewed while the worker works, so a
// stopped worker's claims come back), groups them by connection and kind into CRM-sized batches,
// spends the connection's shared call budget, and records each item's outcome. Retryable failures
// back off exponentially with jitter; after MAX_ATTEMPTS, or on a permanent error, a message is
// dead (kept, visible, replayable). Throttling and an open breaker are not failures: those messages
// are handed back without spending an attempt, because a spent daily allowance can outlast every
// back-off. The stages (claimDue → sendBatch → settle) are exported so crash tests can stop between them.

export { claimDue, MAX_ATTEMPTS } from "./claims";
export { sendBatch } from "./send";
export { backoffMs, settle, settleAll } from "./settle";

// Per connection and pass: two of the largest batches a CRM takes.
const CLAIM_PER_CONNECTION = 400;
// Longest a drain waits for a call slot before handing the rest of a group back.
const MAX_WAIT_MS = 2_000;
// CRM calls a drain may spend isolating poison items out of a batch that failed as a whole:
// enough to find one bad item in 200 by halving, not enough to spend a day's allowance on a
// failure that affects every item anyway (e.g. fields not installed).
const ISOLATION_CALLS = 16;

let defaultBudget: CrmBudget | undefined;

export interface DrainOptions {
  budget?: CrmBudget;
  maxWaitMs?: number;
}

const each = (batch: Claimed[], outcome: (m: Claimed) => Settlement): Array<[Claimed, Settlement]> => batch.map((m) => [m, outcome(m)]);

function groupKey(m: Claimed) {
  // Collections calls take one sObject type per field-update call.
  return `${m.connectionId}|${m.kind}|${m.kind === "update_fields" ? m.objectType : ""}`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// Built field by field: a CrmCallError's message is not an enumerable property, so spreading drops it.
function failure(e: { code: string; message: string; retryable: boolean; retryAfterMs?: number }): Settlement {
  if (RECORD_GONE_CODES.has(e.code)) return { type: "gone", code: e.code, message: e.message };
  return { type: "failed", code: e.code, message: e.message, retryable: e.retryable, ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}) };
}

async function callAndSettle(adapter: CrmAdapter, batch: Claimed[], budget: CrmBudget, queue: Claimed[][], isolation: { calls: number }): Promise<number> {
  const { connectionId, tenantId } = batch[0]!;
  const correlationId = batch.length === 1 ? batch[0]!.correlationId : `batch-${randomUUID()}`;
  return runWithContext({ requestId: correlationId, tenantId }, async () => {
    const outcome = await sendBatch(adapter, batch, correlationId);
    const throttled = outcome.type === "call_failed" && outcome.error.retryAfterMs !== undefined;
    await countCall(connectionId, tenantId, throttled);
    await budget.observe(connectionId, adapter.rateLimitState());
    if (outcome.type === "results") {
      await recordCallSuccess(connectionId);
      return settleAll(batch.map((m, j) => {
        const r = outcome.results[j]!;
        return [m, r.ok ? { type: "delivered", externalId: r.externalId } : failure(r)];
      }));
    }
    const e = outcome.error;
    log.warn({ code: e.code, size: batch.length }, "outbox: CRM call failed");
    if (e.retryAfterMs !== undefined) {
      await budget.pause(connectionId, Date.now() + e.retryAfterMs);
      const until = new Date(Date.now() + e.retryAfterMs);
      await settleAll(each(batch, () => ({ type: "deferred", until, reason: `${e.code}: ${e.message}` })));
      return 0;
    }
    await recordCallFailure(connectionId, tenantId, `${e.code}: ${e.message}`);
    if (!e.retryable && batch.length > 1 && isolation.calls + 2 <= ISOLATION_CALLS) {
      // One unreadable item fails a whole collections call; halve until it is alone.
      isolation.calls += 2;
      const half = Math.ceil(batch.length / 2);
      queue.unshift(batch.slice(0, half), batch.slice(half));
      return 0;
    }
    return settleAll(each(batch, () => failure(e)));
  });
}

async function drainGroup(group: Claimed[], budget: CrmBudget, maxWaitMs: number): Promise<number> {
  const { connectionId } = group[0]!;
  const gate = await breakerGate(connectionId);
  if (!gate.ok) {
    await settleAll(each(group, () => ({ type: "deferred", until: gate.until, reason: "circuit breaker open" })));
    return 0;
  }
  let adapter: CrmAdapter;
  try {
    adapter = await adapterFor(connectionId);
  } catch (err) {
    // Building an adapter can call the CRM (a token refresh, HubSpot's install step): throttling
    // there is deferral like anywhere else.
    if (err instanceof CrmCallError && err.retryAfterMs !== undefined) {
      const until = new Date(Date.now() + err.retryAfterMs);
      await settleAll(each(group, () => ({ type: "deferred", until, reason: `${err.code}: ${err.message}` })));
      return 0;
    }
    log.error({ err: (err as Error).message }, "outbox: no adapter");
    return settleAll(each(group, () => ({ type: "failed", retryable: true, code: "NO_ADAPTER", message: "Connection unavailable" })));
  }
  let settled = 0;
  const isolation = { calls: 0 };
  const queue = chunk(group, adapter.maxBatch);
  while (queue.length > 0) {
    const batch = queue.shift()!;
    const slot = await budget.acquire(connectionId, adapter.provider, maxWaitMs);
    if (!slot.ok) {
      const until = new Date(Math.max(slot.retryAt, Date.now()));
      await settleAll(each([batch, ...queue].flat(), () => ({ type: "deferred", until, reason: "connection rate limit" })));
      return settled;
    }
    settled += await callAndSettle(adapter, batch, budget, queue, isolation);
  }
  return settled;
}

/**
 * Delivers what one connection has due: one claim (up to two of its largest batches), superseded
 * and unfit messages settled at once, the rest sent group by group. Returns how many messages
 * reached an outcome (delivered, failed, dead, superseded); messages handed back because of rate
 * limits or an open breaker do not count.
 */
async function drainConnection(connectionId: string, budget: CrmBudget, maxWaitMs: number): Promise<number> {
  const claimed = await claimFor(connectionId, CLAIM_PER_CONNECTION);
  if (claimed.length === 0) return 0;
  const claimId = claimed[0]!.claimId;
  // The claim's heartbeat: renewed while this worker works on it, so it outlives slow CRM calls
  // but not the worker.
  const heartbeat = setInterval(() => {
    renewClaim(claimId).catch((err: Error) => log.warn({ err: err.message }, "outbox: lease renewal failed"));
  }, (env.OUTBOX_LEASE_SECONDS * 1000) / 3);
  try {
    const superseded = await findSuperseded(claimed);
    let settled = await settleAll(claimed.filter((m) => superseded.has(m.id)).map((m) => [m, { type: "superseded", by: superseded.get(m.id)! }]));
    const invalid: Array<[Claimed, Settlement]> = [];
    const groups = new Map<string, Claimed[]>();
    for (const m of claimed) {
      if (superseded.has(m.id)) continue;
      const check = checkPayload(m.kind, m.payload);
      if (!check.ok) {
        invalid.push([m, { type: "failed", code: "INVALID_PAYLOAD", message: `The payload does not fit a ${m.kind} write: ${check.reason}`, retryable: false }]);
        continue;
      }
      const group = groups.get(groupKey(m));
      if (group) group.push(m);
      else groups.set(groupKey(m), [m]);
    }
    settled += await settleAll(invalid);
    for (const group of groups.values()) settled += await drainGroup(group, budget, maxWaitMs);
    return settled;
  } finally {
    clearInterval(heartbeat);
  }
}

const budgetOf = (opts: DrainOptions) => opts.budget ?? (defaultBudget ??= crmBudget());

/** One pass over every connection with messages due, side by side; returns how many settled. */
export async function drainOnce(opts: DrainOptions = {}): Promise<number> {
  await reapExhausted();
  const counts = await Promise.all((await dueConnections()).map((c) => drainConnection(c, budgetOf(opts), opts.maxWaitMs ?? MAX_WAIT_MS)));
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * The delivery loop of a worker process: one lane per connection, so a connection that waits on
 * its CRM's budget never holds another's writes back. Lanes start as connections have messages
 * due; an idle worker looks again every pollMs.
 */
export function startWorker(pollMs: number, opts: DrainOptions = {}): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const lanes = new Map<string, Promise<void>>();
  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void tick(), ms);
  };
  const lane = (connectionId: string) => {
    const running = (async () => {
      let settled = 0;
      try {
        settled = await drainConnection(connectionId, budgetOf(opts), opts.maxWaitMs ?? MAX_WAIT_MS);
      } catch (err) {
        log.error({ err: (err as Error).message }, "outbox: drain failed");
      } finally {
        lanes.delete(connectionId);
      }
      // More may be due at once; otherwise the poll finds it.
      if (settled > 0) schedule(0);
    })();
    lanes.set(connectionId, running);
  };
  async function tick() {
    try {
      await reapExhausted();
      for (const connectionId of await dueConnections(new Set(lanes.keys()))) lane(connectionId);
    } catch (err) {
      log.error({ err: (err as Error).message }, "outbox: poll failed");
    }
    schedule(pollMs);
  }
  schedule(0);
  // Stopping lets the lanes finish their passes, so their claims settle rather than wait out their lease.
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await Promise.all(lanes.values());
  };
}
