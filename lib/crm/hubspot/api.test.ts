import { describe, expect, it } from "vitest";
import { rateLimitFrom, retryAfterMs, toCallError } from "./api";

// How HubSpot's answers become rate-limit state and retry decisions.

const NOW = Date.parse("2026-03-01T10:00:00.000Z");
const limited = {
  "x-hubspot-ratelimit-max": "100", "x-hubspot-ratelimit-remaining": "0", "x-hubspot-ratelimit-interval-milliseconds": "10000",
  "x-hubspot-ratelimit-daily": "500000", "x-hubspot-ratelimit-daily-remaining": "499000",
};

describe("rate-limit state", () => {
  it("reads the X-HubSpot-RateLimit-* headers, whatever their case", () => {
    expect(rateLimitFrom({ "X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Remaining": "37", "X-HubSpot-RateLimit-Interval-Milliseconds": "10000" }, NOW)).toEqual({
      limit: 100, remaining: 37, used: 63, intervalMs: 10000, resetAt: "2026-03-01T10:00:10.000Z", dailyLimit: undefined, dailyRemaining: undefined,
    });
    expect(rateLimitFrom({ "content-type": "application/json" }, NOW)).toBeNull();
    expect(rateLimitFrom(undefined, NOW)).toBeNull();
  });

  it("waits for Retry-After, else one window, and until midnight when the day is spent", () => {
    expect(retryAfterMs({ ...limited, "retry-after": "3" }, NOW)).toBe(3000);
    expect(retryAfterMs(limited, NOW)).toBe(10000);
    expect(retryAfterMs({ ...limited, "x-hubspot-ratelimit-daily-remaining": "0" }, NOW)).toBe(14 * 3600_000 + 1000);
    expect(retryAfterMs({}, NOW)).toBe(10000);
  });
});

describe("call errors", () => {
  const api = (code: number, body: unknown, headers: Record<string, string> = {}) => ({ code, body, headers, message: "HTTP-Code" });

  it("makes a 429 retryable after the wait the headers give", () => {
    const e = toCallError(api(429, { status: "error", category: "RATE_LIMITS", message: "You have reached your secondly limit." }, { ...limited, "retry-after": "2" }), NOW);
    expect(e).toMatchObject({ code: "RATE_LIMITED", retryable: true, retryAfterMs: 2000, status: 429 });
  });

  it("retries outages and auth failures, never validation errors", () => {
    expect(toCallError(api(502, { category: "BAD_GATEWAY" }), NOW)).toMatchObject({ retryable: true, code: "BAD_GATEWAY" });
    expect(toCallError(api(401, { category: "EXPIRED_AUTHENTICATION" }), NOW)).toMatchObject({ retryable: true, status: 401 });
    expect(toCallError(api(400, { category: "VALIDATION_ERROR", message: "Property \"x\" does not exist" }), NOW)).toMatchObject({
      retryable: false, code: "VALIDATION_ERROR", message: "Property \"x\" does not exist",
    });
    expect(toCallError(api(400, { status: "BAD_REFRESH_TOKEN", message: "missing or unknown refresh token" }), NOW)).toMatchObject({ code: "BAD_REFRESH_TOKEN" });
    expect(toCallError(api(404, "not json"), NOW)).toMatchObject({ code: "HTTP_404", retryable: false });
    expect(toCallError(new TypeError("fetch failed"), NOW)).toMatchObject({ code: "NETWORK", retryable: true, status: null });
  });
});
