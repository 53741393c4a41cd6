import { HsError } from "./errors.js";

export interface RateLimitConfig {
  max: number;
  intervalMs: number;
  daily?: number;
}

export interface RateDecision {
  headers: Record<string, string>;
}

/**
 * HubSpot's TEN_SECONDLY_ROLLING policy: a sliding window per portal. A refused request does not
 * consume budget, so a client that backs off gets in as soon as the oldest request ages out.
 */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private readonly dailyCounts = new Map<string, { day: string; count: number }>();
  private daily: number;

  constructor(
    private config: RateLimitConfig,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.daily = config.daily ?? 500_000;
  }

  /** Tests tighten the limit after a setup that needs many calls; the windows so far are kept. */
  configure(config: RateLimitConfig): void {
    this.config = config;
    this.daily = config.daily ?? 500_000;
  }

  /** Records the request or throws the 429 HubSpot sends. */
  take(portalId: string, now = this.now()): RateDecision {
    const window = (this.windows.get(portalId) ?? []).filter((t) => t > now - this.config.intervalMs);
    this.windows.set(portalId, window);
    const day = new Date(now).toISOString().slice(0, 10);
    const daily = this.dailyCounts.get(portalId);
    const dailyUsed = daily && daily.day === day ? daily.count : 0;

    if (window.length >= this.config.max) {
      const headers = this.headers(0, this.daily - dailyUsed);
      const retryAfterMs = window[0]! + this.config.intervalMs - now;
      headers["Retry-After"] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
      throw new HsError(
        429,
        "RATE_LIMITS",
        "You have reached your secondly limit.",
        { errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING" },
        headers,
      );
    }
    window.push(now);
    this.dailyCounts.set(portalId, { day, count: dailyUsed + 1 });
    return { headers: this.headers(this.config.max - window.length, this.daily - dailyUsed - 1) };
  }

  private headers(remaining: number, dailyRemaining: number): Record<string, string> {
    return {
      "X-HubSpot-RateLimit-Max": String(this.config.max),
      "X-HubSpot-RateLimit-Remaining": String(Math.max(0, remaining)),
      "X-HubSpot-RateLimit-Interval-Milliseconds": String(this.config.intervalMs),
      "X-HubSpot-RateLimit-Daily": String(this.daily),
      "X-HubSpot-RateLimit-Daily-Remaining": String(Math.max(0, dailyRemaining)),
    };
  }
}
