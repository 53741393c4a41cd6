import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sharedLimiter } from "./rate-limit";

// The budget's rules on the in-memory store, on a clock the test moves (the shared stores are in
// lib/rate-limit.integration.test.ts).
const memory = { kind: "memory" } as const;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-12-01T00:00:00Z") });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("sharedLimiter", () => {
  it("grants the window's points, then says when the next window starts, then grants again", async () => {
    const limiter = sharedLimiter({ name: "t", points: 3, duration: 10 }, memory);
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await limiter.consume("s"));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, false]);
    expect(verdicts[3]).toEqual({ ok: false, retryAfterMs: 10_000, retryAfterSeconds: 10 });
    expect((await limiter.consume("other")).ok).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect((await limiter.consume("s")).ok).toBe(true);
  });

  it("a block refuses the key for its length, whatever budget is left; reset lifts it", async () => {
    const limiter = sharedLimiter({ name: "t", points: 100, duration: 1 }, memory);
    await limiter.block("conn", 90);
    expect(await limiter.refusedFor("conn")).toBe(90_000);
    expect(await limiter.consume("conn")).toMatchObject({ ok: false, retryAfterSeconds: 90 });
    vi.advanceTimersByTime(30_000);
    expect(await limiter.refusedFor("conn")).toBe(60_000);
    await limiter.reset("conn");
    expect(await limiter.refusedFor("conn")).toBe(0);
    expect((await limiter.consume("conn")).ok).toBe(true);
  });

  it("never grants more than the points of each window it touched (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 120 }), async (gaps) => {
        const limiter = sharedLimiter({ name: `p${Math.random()}`, points: 5, duration: 1 }, memory);
        const start = Date.now();
        let granted = 0;
        for (const gap of gaps) {
          vi.advanceTimersByTime(gap);
          if ((await limiter.consume("k")).ok) granted++;
        }
        const windows = Math.floor((Date.now() - start) / 1000) + 1;
        expect(granted).toBeLessThanOrEqual(5 * windows);
      }),
    );
  });
});
