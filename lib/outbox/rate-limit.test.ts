import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConnectionRateLimiter, EXHAUSTED_PAUSE_MS, type RateLimitConfig } from "./rate-limit";

// The per-connection token bucket on a virtual clock: however calls arrive, the calls it lets
// through never exceed burst + rate × window in any window, and a pause from the CRM holds.

function setup(limit: RateLimitConfig, start = 1_000_000) {
  let t = start;
  const limiter = new ConnectionRateLimiter({
    limits: { SALESFORCE: limit, HUBSPOT: limit },
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  });
  return { limiter, now: () => t, advance: (ms: number) => (t += ms) };
}

// Every call goes out after the wait the limiter asked for; returns when each call started.
async function run(limiter: ConnectionRateLimiter, gaps: number[], advance: (ms: number) => void, now: () => number, maxWaitMs = Infinity) {
  const starts: number[] = [];
  for (const gap of gaps) {
    advance(gap);
    const slot = limiter.reserve("conn", "SALESFORCE", maxWaitMs);
    if (!slot.ok) continue;
    await limiter.sleep(slot.waitMs);
    starts.push(now());
  }
  return starts;
}

function maxInWindow(starts: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[i]! - starts[j]! > windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("ConnectionRateLimiter", () => {
  it("never lets more than burst + rate × window calls through, for any arrival pattern", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ ratePerSecond: fc.integer({ min: 1, max: 50 }), burst: fc.integer({ min: 1, max: 20 }) }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(Infinity, 0, 50, 2_000),
        fc.integer({ min: 100, max: 5_000 }),
        async (limit, gaps, maxWaitMs, windowMs) => {
          const { limiter, now, advance } = setup(limit);
          const starts = await run(limiter, gaps, advance, now, maxWaitMs);
          expect(maxInWindow(starts, windowMs)).toBeLessThanOrEqual(Math.floor(limit.burst + (limit.ratePerSecond * windowMs) / 1000 + 1e-9));
          if (maxWaitMs === Infinity) expect(starts).toHaveLength(gaps.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("spaces a burst of 20 calls to the configured rate after the burst allowance", async () => {
    const { limiter, now, advance } = setup({ ratePerSecond: 5, burst: 2 });
    const t0 = now();
    const starts = await run(limiter, Array(20).fill(0), advance, now);
    expect(starts.slice(0, 2)).toEqual([t0, t0]);
    expect(starts.slice(2).map((s, i) => s - starts[i + 1]!)).toEqual(Array(18).fill(200));
    expect(maxInWindow(starts, 1000)).toBeLessThanOrEqual(2 + 5);
  });

  it("hands back instead of waiting past maxWait, and takes nothing when it does", async () => {
    const { limiter } = setup({ ratePerSecond: 1, burst: 1 });
    expect(limiter.reserve("conn", "SALESFORCE", 0)).toEqual({ ok: true, waitMs: 0 });
    const refused = limiter.reserve("conn", "SALESFORCE", 500);
    expect(refused.ok).toBe(false);
    expect(limiter.reserve("conn", "SALESFORCE", 1000)).toEqual({ ok: true, waitMs: 1000 });
  });

  it("keeps connections apart", () => {
    const { limiter } = setup({ ratePerSecond: 1, burst: 1 });
    expect(limiter.reserve("a", "SALESFORCE", 0).ok).toBe(true);
    expect(limiter.reserve("a", "SALESFORCE", 0).ok).toBe(false);
    expect(limiter.reserve("b", "SALESFORCE", 0).ok).toBe(true);
  });

  it("holds calls while the CRM asked for a pause (retry-after) and resumes after", () => {
    const { limiter, now, advance } = setup({ ratePerSecond: 100, burst: 10 });
    limiter.pause("conn", "HUBSPOT", now() + 10_000);
    const slot = limiter.reserve("conn", "HUBSPOT", 2_000);
    expect(slot).toEqual({ ok: false, retryAt: now() + 10_000 });
    advance(10_000);
    expect(limiter.reserve("conn", "HUBSPOT", 0)).toEqual({ ok: true, waitMs: 0 });
  });

  it("pauses a connection whose reported allowance is spent, until it resets or for a while", () => {
    const { limiter, now } = setup({ ratePerSecond: 100, burst: 10 });
    limiter.observe("conn", "SALESFORCE", { used: 10, limit: 100, remaining: 90 });
    expect(limiter.pausedUntil("conn")).toBe(0);
    limiter.observe("conn", "SALESFORCE", { used: 100, limit: 100, remaining: 0 });
    expect(limiter.pausedUntil("conn")).toBe(now() + EXHAUSTED_PAUSE_MS);
    const reset = new Date(now() + 3 * 3600_000).toISOString();
    limiter.observe("other", "HUBSPOT", { remaining: 0, resetAt: reset });
    expect(limiter.pausedUntil("other")).toBe(Date.parse(reset));
  });

  it("refuses a configuration that would never let a call through", () => {
    expect(() => new ConnectionRateLimiter({ limits: { SALESFORCE: { ratePerSecond: 0, burst: 1 } } })).toThrow();
    expect(() => new ConnectionRateLimiter({ limits: { HUBSPOT: { ratePerSecond: 1, burst: 0 } } })).toThrow();
  });
});
