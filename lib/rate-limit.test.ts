import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RateLimiter } from "./rate-limit";

describe("RateLimiter", () => {
  it("allows a burst up to capacity, then answers with a retry time, then refills", () => {
    let t = 0;
    const limiter = new RateLimiter(3, 1, () => t);
    expect([1, 2, 3].map(() => limiter.take("s").ok)).toEqual([true, true, true]);
    expect(limiter.take("s")).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.take("other").ok).toBe(true);
    t = 1000;
    expect(limiter.take("s").ok).toBe(true);
    expect(limiter.take("s").ok).toBe(false);
  });

  it("never grants more than capacity + elapsed × rate (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 200 }), (gaps) => {
        let t = 0;
        const limiter = new RateLimiter(5, 2, () => t);
        let granted = 0;
        for (const gap of gaps) {
          t += gap;
          if (limiter.take("k").ok) granted++;
        }
        expect(granted).toBeLessThanOrEqual(5 + Math.floor((t / 1000) * 2));
      }),
    );
  });
});
