import "server-only";
import type { CrmAdapter, RateLimitState } from "@/lib/crm/adapter";
import { sharedLimiter, type LimiterStore } from "@/lib/rate-limit";

// One CRM call budget per connection, shared by every worker process (lib/rate-limit.ts): a burst
// of outbox messages never turns into a burst of CRM calls, however many workers deliver them. The
// CRMs' limits are per org/portal and shared with every other integration the customer runs, so
// write-back takes a modest slice. When a CRM says to back off, the connection pauses everywhere.

export type Provider = CrmAdapter["provider"];

export interface CallBudget {
  points: number;
  /** Window in seconds. */
  duration: number;
}

// HubSpot allows an OAuth app 100 calls per rolling 10 s per portal; 5 per 1-second window keeps
// any rolling 10 s at 55 or fewer, about half. Salesforce counts a daily allowance instead of a
// rate; the same pace spends 200 records per call without crowding the org's other integrations.
export const CRM_CALL_BUDGETS: Record<Provider, CallBudget> = {
  SALESFORCE: { points: 5, duration: 1 },
  HUBSPOT: { points: 5, duration: 1 },
};

// The CRM said its allowance is spent without saying when it returns (Salesforce's daily limit is
// a rolling 24 h window): look again after this long rather than hammering it.
export const EXHAUSTED_PAUSE_MS = 15 * 60_000;

export type Slot = { ok: true } | { ok: false; retryAt: number };

export interface CrmBudget {
  /** Takes a call slot, waiting up to maxWaitMs for one; otherwise says when to come back. */
  acquire(connectionId: string, provider: Provider, maxWaitMs: number): Promise<Slot>;
  /** The CRM told us to back off (429, REQUEST_LIMIT_EXCEEDED): every worker stops calling it. */
  pause(connectionId: string, untilMs: number): Promise<void>;
  pausedUntil(connectionId: string): Promise<number>;
  /** What the CRM reported about its allowance after a call: once it is spent, pause until it resets. */
  observe(connectionId: string, state: RateLimitState): Promise<void>;
  /** Lifts a pause (the allowance is back before the pause said). */
  resume(connectionId: string): Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function crmBudget(opts: { budgets?: Partial<Record<Provider, CallBudget>>; store?: LimiterStore } = {}): CrmBudget {
  const budgets = { ...CRM_CALL_BUDGETS, ...opts.budgets };
  const calls: Record<Provider, ReturnType<typeof sharedLimiter>> = {
    SALESFORCE: sharedLimiter({ name: "crm-calls-salesforce", ...budgets.SALESFORCE }, opts.store),
    HUBSPOT: sharedLimiter({ name: "crm-calls-hubspot", ...budgets.HUBSPOT }, opts.store),
  };
  const pauses = sharedLimiter({ name: "crm-pause", points: 1, duration: 1 }, opts.store);
  const budget: CrmBudget = {
    async acquire(connectionId, provider, maxWaitMs) {
      const deadline = Date.now() + maxWaitMs;
      for (;;) {
        const paused = await pauses.refusedFor(connectionId);
        if (paused > 0) return { ok: false, retryAt: Date.now() + paused };
        const verdict = await calls[provider].consume(connectionId);
        if (verdict.ok) return { ok: true };
        const retryAt = Date.now() + verdict.retryAfterMs;
        if (retryAt > deadline) return { ok: false, retryAt };
        await realSleep(verdict.retryAfterMs);
      }
    },
    async pause(connectionId, untilMs) {
      const seconds = (untilMs - Date.now()) / 1000;
      if (seconds > 0) await pauses.block(connectionId, seconds);
    },
    async pausedUntil(connectionId) {
      const ms = await pauses.refusedFor(connectionId);
      return ms > 0 ? Date.now() + ms : 0;
    },
    async observe(connectionId, state) {
      if (state.remaining === undefined || state.remaining > 0) return;
      const reset = state.resetAt ? Date.parse(state.resetAt) : NaN;
      await budget.pause(connectionId, Number.isFinite(reset) && reset > Date.now() ? reset : Date.now() + EXHAUSTED_PAUSE_MS);
    },
    resume: (connectionId) => pauses.reset(connectionId),
  };
  return budget;
}
