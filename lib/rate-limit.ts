import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRes } from "rate-limiter-flexible";

// A per-key request budget for the API (in memory, per app process): a token bucket refilled
// continuously. Candor's callers are people and CRM cards, so the budget is generous; its job is
// to stop a runaway client before it starves everyone else sharing the process.
export interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  // Takes one token; when none is left, answers how many seconds until one is.
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: t };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((t - bucket.updatedAt) / 1000) * this.refillPerSecond);
    bucket.updatedAt = t;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      this.sweep(t);
      return { ok: true };
    }
    this.buckets.set(key, bucket);
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerSecond)) };
  }

  // Full buckets carry no information; dropping them bounds memory by the number of active keys.
  private sweep(t: number) {
    if (this.buckets.size < 10_000) return;
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((t - b.updatedAt) / 1000) * this.refillPerSecond >= this.capacity) this.buckets.delete(key);
    }
  }
}

// --- The entry points nobody is signed in to yet -------------------------------------------------
//
// The Canvas POST, the HubSpot card and webhooks, the panel's session exchange and SCIM answer
// before anyone is known, so their budgets are per client address and per CRM org or portal the
// request names. They must hold across every app process, so they live in PostgreSQL (the table
// `rate_limits`, through rate-limiter-flexible's Prisma store, which also serves the embedded
// PGlite of the demo); each process falls back to a budget of its own in memory if the database
// cannot answer, and stops asking the database about a key it already knows is over budget.

export type EntryLimitKind = "ip" | "portal" | "org";

export interface EntryBudgets {
  // Requests per minute each key may make; 429 with Retry-After beyond.
  perMinute: Record<EntryLimitKind, number>;
}

export type EntryDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export function createEntryLimiters(store: unknown, budgets: EntryBudgets) {
  const make = (kind: EntryLimitKind) => {
    const points = budgets.perMinute[kind];
    return new RateLimiterPrisma({
      storeClient: store, tableName: "rateLimit", keyPrefix: `entry:${kind}`, points, duration: 60,
      inMemoryBlockOnConsumed: points + 1, inMemoryBlockDuration: 60,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `entry:${kind}`, points, duration: 60 }),
    });
  };
  const limiters = { ip: make("ip"), portal: make("portal"), org: make("org") };
  return {
    async take(kind: EntryLimitKind, key: string): Promise<EntryDecision> {
      try {
        await limiters[kind].consume(key);
        return { ok: true };
      } catch (refused) {
        if (!(refused instanceof RateLimiterRes)) throw refused;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(refused.msBeforeNext / 1000)) };
      }
    },
  };
}

export type EntryLimiters = ReturnType<typeof createEntryLimiters>;
