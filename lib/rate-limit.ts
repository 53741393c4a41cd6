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
    private readonly now: () => number = Date.now,
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
