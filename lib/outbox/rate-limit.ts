import type { CrmAdapter, RateLimitState } from "@/lib/crm/adapter";

// A token bucket per CRM connection, so a burst of outbox messages never turns into a burst of CRM
// calls: the CRMs' limits are per org/portal and shared with every other integration the customer
// runs (HubSpot: 100 requests / 10 s; Salesforce: a daily allowance). The buckets live in the
// worker's process; the app runs one worker per process (instrumentation.ts).

export type Provider = CrmAdapter["provider"];

export interface RateLimitConfig {
  // Sustained calls per second, and how many may go back to back after a quiet spell.
  ratePerSecond: number;
  burst: number;
}

// Write-back takes at most half of HubSpot's per-app allowance and leaves the rest to reads.
export const DEFAULT_RATE_LIMITS: Record<Provider, RateLimitConfig> = {
  SALESFORCE: { ratePerSecond: 5, burst: 5 },
  HUBSPOT: { ratePerSecond: 5, burst: 5 },
};

// The CRM said its allowance is spent without saying when it returns (Salesforce's daily limit is
// a rolling 24 h window): look again after this long rather than hammering it.
export const EXHAUSTED_PAUSE_MS = 15 * 60_000;

export type Reservation = { ok: true; waitMs: number } | { ok: false; retryAt: number };

interface Bucket {
  tokens: number;
  // The time `tokens` was computed for; may lie in the future after a reservation that waits.
  at: number;
  pausedUntil: number;
}

export interface RateLimiterOptions {
  limits?: Partial<Record<Provider, RateLimitConfig>>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ConnectionRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limits: Record<Provider, RateLimitConfig>;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;

  constructor(opts: RateLimiterOptions = {}) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...opts.limits };
    for (const [provider, l] of Object.entries(this.limits)) {
      if (!(l.ratePerSecond > 0) || !(l.burst >= 1)) throw new Error(`Invalid rate limit for ${provider}`);
    }
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
  }

  private bucket(connectionId: string, provider: Provider): Bucket {
    let b = this.buckets.get(connectionId);
    if (!b) {
      b = { tokens: this.limits[provider].burst, at: this.now(), pausedUntil: 0 };
      this.buckets.set(connectionId, b);
    }
    return b;
  }

  // Takes one call slot if it frees up within maxWaitMs: the caller waits `waitMs`, then calls.
  // Otherwise nothing is taken and `retryAt` says when a slot would be free.
  reserve(connectionId: string, provider: Provider, maxWaitMs: number): Reservation {
    const { ratePerSecond, burst } = this.limits[provider];
    const b = this.bucket(connectionId, provider);
    const now = this.now();
    const from = Math.max(now, b.pausedUntil, b.at);
    const available = Math.min(burst, b.tokens + ((from - b.at) * ratePerSecond) / 1000);
    const grantAt = available >= 1 ? from : from + ((1 - available) * 1000) / ratePerSecond;
    if (grantAt - now > maxWaitMs) return { ok: false, retryAt: grantAt };
    b.tokens = (available >= 1 ? available : 1) - 1;
    b.at = grantAt;
    return { ok: true, waitMs: grantAt - now };
  }

  // The CRM told us to back off (429 / REQUEST_LIMIT_EXCEEDED with a retry-after).
  pause(connectionId: string, provider: Provider, untilMs: number): void {
    const b = this.bucket(connectionId, provider);
    b.pausedUntil = Math.max(b.pausedUntil, untilMs);
  }

  // What the CRM reported about its allowance after a call: once it is spent, stop until it resets.
  observe(connectionId: string, provider: Provider, state: RateLimitState): void {
    if (state.remaining === undefined || state.remaining > 0) return;
    const reset = state.resetAt ? Date.parse(state.resetAt) : NaN;
    this.pause(connectionId, provider, Number.isFinite(reset) && reset > this.now() ? reset : this.now() + EXHAUSTED_PAUSE_MS);
  }

  pausedUntil(connectionId: string): number {
    return this.buckets.get(connectionId)?.pausedUntil ?? 0;
  }
}
