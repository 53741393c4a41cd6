import "server-only";
import { randomUUID } from "node:crypto";
import { CrmCallError, type CrmAdapter } from "@/lib/crm/adapter";
import { adapterFor, saveRateLimitState } from "@/lib/crm/connections";
import { log } from "@/lib/log";
import { runWithContext } from "@/lib/request-context";
import { claimDue, findSuperseded, reapExhausted, settleAll, type Claimed, type Settlement } from "./messages";
import { ConnectionRateLimiter } from "./rate-limit";
import { sendBatch } from "./send";

// Drains the outbox: claims due messages (SKIP LOCKED, with a lease so a crashed worker's claims
// come back), groups them by connection and kind into CRM-sized batches, paces the calls per
// connection, and records each item's outcome. Retryable failures back off exponentially with
// jitter; after MAX_ATTEMPTS, or on a permanent error, a message is dead (kept, visible, never
// silently dropped). Throttling by the CRM is not a failure: those messages are handed back
// without spending an attempt, because a spent daily allowance can outlast every back-off.
//
// The stages (claimDue → sendBatch → settle) are exported so crash tests can stop between them.

export { backoffMs, claimDue, MAX_ATTEMPTS, settle, settleAll } from "./messages";
export { sendBatch } from "./send";

const CLAIM_LIMIT = 400;
// Longest a drain waits for a rate-limit slot before handing the rest of a group back.
const MAX_WAIT_MS = 2_000;
// No call starts this close to the end of its lease, so a call cannot outlive the claim.
const LEASE_MARGIN_MS = 15_000;
// CRM calls a drain may spend isolating poison items out of a batch that failed as a whole:
// enough to find one bad item in 200 by halving, not enough to spend a day's allowance on a
// failure that affects every item anyway (e.g. fields not installed).
const ISOLATION_CALLS = 16;

const defaultLimiter = new ConnectionRateLimiter();

export interface DrainOptions {
  limiter?: ConnectionRateLimiter;
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

async function drainGroup(group: Claimed[], limiter: ConnectionRateLimiter, maxWaitMs: number): Promise<number> {
  const connectionId = group[0]!.connectionId;
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
  let isolationCalls = 0;
  const queue = chunk(group, adapter.maxBatch);
  while (queue.length > 0) {
    const batch = queue.shift()!;
    const leaseEnds = Math.min(...batch.map((m) => m.lockedUntil.getTime()));
    const slot = limiter.reserve(connectionId, adapter.provider, maxWaitMs);
    const startsAt = Date.now() + (slot.ok ? slot.waitMs : slot.retryAt - limiter.now());
    if (!slot.ok || startsAt > leaseEnds - LEASE_MARGIN_MS) {
      const until = new Date(Math.max(startsAt, Date.now()));
      await settleAll(each([batch, ...queue].flat(), () => ({ type: "deferred", until, reason: "connection rate limit" })));
      return settled;
    }
    if (slot.waitMs > 0) await limiter.sleep(slot.waitMs);

    const correlationId = batch.length === 1 ? batch[0]!.correlationId : `batch-${randomUUID()}`;
    settled += await runWithContext({ requestId: correlationId, tenantId: batch[0]!.tenantId }, async () => {
      const outcome = await sendBatch(adapter, batch, correlationId);
      limiter.observe(connectionId, adapter.provider, adapter.rateLimitState());
      await saveRateLimitState(connectionId, { ...adapter.rateLimitState(), at: new Date().toISOString() }).catch((err: Error) =>
        log.warn({ err: err.message }, "outbox: rate-limit state not saved"),
      );
      if (outcome.type === "results") {
        return settleAll(batch.map((m, j) => {
          const r = outcome.results[j]!;
          return [m, r.ok ? { type: "delivered", externalId: r.externalId } : { type: "failed", code: r.code, message: r.message, retryable: r.retryable }];
        }));
      }
      const e = outcome.error;
      log.warn({ code: e.code, size: batch.length }, "outbox: CRM call failed");
      if (e.retryAfterMs !== undefined) {
        limiter.pause(connectionId, adapter.provider, limiter.now() + e.retryAfterMs);
        const until = new Date(Date.now() + e.retryAfterMs);
        await settleAll(each(batch, () => ({ type: "deferred", until, reason: `${e.code}: ${e.message}` })));
        return 0;
      }
      if (!e.retryable && batch.length > 1 && isolationCalls + 2 <= ISOLATION_CALLS) {
        // One unreadable item fails a whole collections call; halve until it is alone.
        isolationCalls += 2;
        const half = Math.ceil(batch.length / 2);
        queue.unshift(batch.slice(0, half), batch.slice(half));
        return 0;
      }
      return settleAll(each(batch, () => ({ type: "failed", code: e.code, message: e.message, retryable: e.retryable })));
    });
  }
  return settled;
}

// One pass: returns how many messages reached an outcome (delivered, failed, dead, superseded);
// messages handed back because of rate limits do not count.
export async function drainOnce(opts: DrainOptions = {}): Promise<number> {
  const limiter = opts.limiter ?? defaultLimiter;
  const maxWaitMs = opts.maxWaitMs ?? MAX_WAIT_MS;
  await reapExhausted();
  const claimed = await claimDue(CLAIM_LIMIT);
  if (claimed.length === 0) return 0;

  const superseded = await findSuperseded(claimed);
  let settled = await settleAll(claimed.filter((m) => superseded.has(m.id)).map((m) => [m, { type: "superseded", by: superseded.get(m.id)! }]));
  const groups = new Map<string, Claimed[]>();
  for (const m of claimed) {
    if (superseded.has(m.id)) continue;
    const group = groups.get(groupKey(m));
    if (group) group.push(m);
    else groups.set(groupKey(m), [m]);
  }
  for (const group of groups.values()) settled += await drainGroup(group, limiter, maxWaitMs);
  return settled;
}

export function startWorker(pollMs: number, opts: DrainOptions = {}): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    if (stopped) return;
    let settled = 0;
    try {
      settled = await drainOnce(opts);
    } catch (err) {
      log.error({ err: (err as Error).message }, "outbox: drain failed");
    }
    if (!stopped) timer = setTimeout(tick, settled > 0 ? 0 : pollMs);
  };
  timer = setTimeout(tick, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
