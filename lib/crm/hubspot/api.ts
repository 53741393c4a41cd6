import { Client } from "@hubspot/api-client";
import { CrmCallError, type RateLimitState } from "@/lib/crm/adapter";

// One HubSpot API session for a connection: the official client, OAuth tokens refreshed ahead of
// expiry (and once more on a 401), rate-limit state read from every answer's X-HubSpot-RateLimit-*
// headers, and every failure turned into a CrmCallError that says whether and when to retry.

export interface HubSpotCredentials {
  // The API base: https://api.hubapi.com, or the local stand-in.
  apiBase: string;
  clientId: string;
  clientSecret: string;
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: Date | null;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

interface HttpInfoLike<T> {
  httpStatusCode: number;
  headers: Record<string, string>;
  data: T;
}

// HubSpot access tokens live 30 minutes; refreshing 5 minutes early keeps a slow batch from
// starting with a token that dies halfway.
export const REFRESH_AHEAD_MS = 5 * 60_000;
const DEFAULT_WAIT_MS = 10_000;

export class HubSpotCallError extends CrmCallError {
  constructor(code: string, message: string, retryable: boolean, readonly status: number | null, retryAfterMs?: number) {
    super(code, message, retryable, retryAfterMs);
    this.name = "HubSpotCallError";
  }
}

function lower(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function num(headers: Record<string, string>, name: string): number | undefined {
  const v = headers[name];
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function rateLimitFrom(raw: Record<string, string> | undefined, now: number): RateLimitState | null {
  const h = lower(raw);
  const limit = num(h, "x-hubspot-ratelimit-max");
  const remaining = num(h, "x-hubspot-ratelimit-remaining");
  if (limit === undefined && remaining === undefined) return null;
  const intervalMs = num(h, "x-hubspot-ratelimit-interval-milliseconds");
  return {
    limit, remaining,
    used: limit !== undefined && remaining !== undefined ? limit - remaining : undefined,
    intervalMs,
    // A rolling window: the whole budget is back at the latest one interval from now.
    resetAt: intervalMs !== undefined ? new Date(now + intervalMs).toISOString() : undefined,
    dailyLimit: num(h, "x-hubspot-ratelimit-daily"),
    dailyRemaining: num(h, "x-hubspot-ratelimit-daily-remaining"),
  };
}

// How long a 429 says to wait: the daily budget resets at midnight (UTC is the conservative
// reading), the rolling window after Retry-After or one interval.
export function retryAfterMs(raw: Record<string, string> | undefined, now: number): number {
  const h = lower(raw);
  if (num(h, "x-hubspot-ratelimit-daily-remaining") === 0) {
    const midnight = new Date(now);
    midnight.setUTCHours(24, 0, 1, 0);
    return midnight.getTime() - now;
  }
  const seconds = num(h, "retry-after");
  if (seconds !== undefined && seconds > 0) return seconds * 1000;
  return num(h, "x-hubspot-ratelimit-interval-milliseconds") ?? DEFAULT_WAIT_MS;
}

export function toCallError(err: unknown, now: number): HubSpotCallError {
  if (err instanceof HubSpotCallError) return err;
  const e = err as { code?: unknown; body?: unknown; headers?: Record<string, string>; message?: string };
  if (typeof e.code !== "number") {
    return new HubSpotCallError("NETWORK", e.message ?? "HubSpot could not be reached", true, null);
  }
  const status = e.code;
  const body = (e.body && typeof e.body === "object" ? e.body : {}) as { category?: unknown; status?: unknown; message?: unknown };
  const message = typeof body.message === "string" ? body.message : `HubSpot answered ${status}`;
  if (status === 429) return new HubSpotCallError("RATE_LIMITED", message, true, status, retryAfterMs(e.headers, now));
  // The OAuth endpoints put their error code in `status`; the CRM API in `category`.
  const code = typeof body.category === "string" ? body.category
    : typeof body.status === "string" && body.status !== "error" ? body.status : `HTTP_${status}`;
  // Auth failures may heal (a reconnect, a refreshed token); 4xx validation failures never will.
  const retryable = status >= 500 || status === 401 || status === 408 || status === 423;
  return new HubSpotCallError(code, message, retryable, status);
}

export class HubSpotApi {
  readonly client: Client;
  private accessToken: string | null;
  private refreshToken: string | null;
  private expiresAt: Date | null;
  private refreshing: Promise<void> | null = null;
  private limits: RateLimitState = {};
  private limitedUntil = 0;

  constructor(
    private readonly creds: HubSpotCredentials,
    private readonly onTokens: (tokens: IssuedTokens) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {
    this.accessToken = creds.accessToken;
    this.refreshToken = creds.refreshToken;
    this.expiresAt = creds.expiresAt;
    // Retries belong to the outbox, which knows what was delivered; the client must not retry behind it.
    this.client = new Client({ accessToken: creds.accessToken ?? undefined, basePath: creds.apiBase, numberOfApiCallRetries: 0 });
  }

  rateLimitState(): RateLimitState {
    return { ...this.limits };
  }

  async call<T>(fn: (client: Client) => Promise<HttpInfoLike<T>>): Promise<T> {
    const waitMs = this.limitedUntil - this.now();
    if (waitMs > 0) throw new HubSpotCallError("RATE_LIMITED", "The HubSpot rate limit is used up for this window", true, null, waitMs);
    if (!this.accessToken || (this.expiresAt && this.expiresAt.getTime() - this.now() < REFRESH_AHEAD_MS)) await this.refreshTokens();
    try {
      return await this.attempt(fn);
    } catch (err) {
      if (!(err instanceof HubSpotCallError) || err.status !== 401) throw err;
      // HubSpot ended the token early (revoked, clock skew): one refresh, one more try.
      await this.refreshTokens();
      return this.attempt(fn);
    }
  }

  private async attempt<T>(fn: (client: Client) => Promise<HttpInfoLike<T>>): Promise<T> {
    try {
      const info = await fn(this.client);
      this.observe(info.headers);
      return info.data;
    } catch (err) {
      this.observe((err as { headers?: Record<string, string> }).headers);
      throw toCallError(err, this.now());
    }
  }

  private observe(headers: Record<string, string> | undefined) {
    const state = rateLimitFrom(headers, this.now());
    if (!state) return;
    this.limits = state;
    // The next call in this window would be refused: wait here instead of spending a 429.
    if (state.remaining === 0) this.limitedUntil = this.now() + (state.intervalMs ?? DEFAULT_WAIT_MS);
  }

  refreshTokens(): Promise<void> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<void> {
    if (!this.refreshToken) throw new HubSpotCallError("NO_REFRESH_TOKEN", "The HubSpot connection has no refresh token; reconnect it.", false, null);
    let issued;
    try {
      issued = await this.client.oauth.tokensApi.create(
        "refresh_token", undefined, undefined, this.creds.clientId, this.creds.clientSecret, this.refreshToken,
      );
    } catch (err) {
      const e = toCallError(err, this.now());
      // A refused refresh token stays refused until an admin reconnects; keep the writes waiting.
      throw new HubSpotCallError(e.code, e.message, true, e.status, e.retryAfterMs);
    }
    this.accessToken = issued.accessToken;
    this.refreshToken = issued.refreshToken || this.refreshToken;
    this.expiresAt = new Date(this.now() + issued.expiresIn * 1000);
    this.client.setAccessToken(issued.accessToken);
    await this.onTokens({ accessToken: this.accessToken, refreshToken: this.refreshToken, expiresAt: this.expiresAt });
  }
}
