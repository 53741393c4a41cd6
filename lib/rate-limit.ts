import "server-only";
import { Redis } from "ioredis";
import pg from "pg";
import {
  RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// Rate budgets every process shares (rate-limiter-flexible): a request or CRM call counts against
// the same budget whichever app or worker node makes it. The store follows the deployment — Redis
// when REDIS_URL is set, else the PostgreSQL everything already uses (table rate_limits, created by
// a migration) — and the embedded database's single process keeps its budgets in memory.
// Each budget is `points` per fixed window of `duration` seconds, per key.

export type LimiterStore =
  | { kind: "memory" }
  | { kind: "postgres"; pool: pg.Pool }
  | { kind: "redis"; client: Redis };

export interface LimiterOptions {
  /** Names the budget; keys of different budgets never meet. */
  name: string;
  points: number;
  /** Window length in seconds. */
  duration: number;
}

export type Verdict = { ok: true; remaining: number } | { ok: false; retryAfterMs: number; retryAfterSeconds: number };

export interface SharedLimiter {
  /** Takes `points` (default 1) from the key's budget, or says how long until it has them. */
  consume(key: string, points?: number): Promise<Verdict>;
  /** Refuses the key everywhere for `seconds` (a CRM said to back off). */
  block(key: string, seconds: number): Promise<void>;
  /** How long the key stays refused, in ms (0: it has budget left). */
  refusedFor(key: string): Promise<number>;
  /** Gives the key its whole budget back. */
  reset(key: string): Promise<void>;
}

// Kept on globalThis: in the embedded setup the app's bundle and the worker's modules are separate
// copies of this file in one process, and must count against the same in-memory budgets.
const g = globalThis as unknown as { candorLimiterStore?: LimiterStore; candorLimiters?: Map<string, RateLimiterAbstract> };

function defaultStore(): LimiterStore {
  if (g.candorLimiterStore) return g.candorLimiterStore;
  if (env.REDIS_URL) {
    // Fail fast rather than queue commands while Redis is away: the limiter's insurance takes over.
    const client = new Redis(env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    client.on("error", (err: Error) => log.warn({ err: err.message }, "rate limits: Redis unavailable, counting in this process"));
    g.candorLimiterStore = { kind: "redis", client };
  } else if (env.DATABASE_URL) {
    g.candorLimiterStore = { kind: "postgres", pool: new pg.Pool({ connectionString: env.DATABASE_URL, max: 3, application_name: "candor-rate-limits" }) };
  } else {
    g.candorLimiterStore = { kind: "memory" };
  }
  return g.candorLimiterStore;
}

function build(store: LimiterStore, opts: LimiterOptions): RateLimiterAbstract {
  const base = { keyPrefix: opts.name, points: opts.points, duration: opts.duration };
  // If the shared store cannot answer, this process keeps counting on its own rather than failing
  // every request or call; the budget is then per process until the store is back.
  const insuranceLimiter = new RateLimiterMemory(base);
  switch (store.kind) {
    case "memory":
      return new RateLimiterMemory(base);
    case "postgres":
      return new RateLimiterPostgres({ ...base, storeClient: store.pool, storeType: "pool", tableName: "rate_limits", tableCreated: true, insuranceLimiter });
    case "redis":
      return new RateLimiterRedis({ ...base, storeClient: store.client, insuranceLimiter });
  }
}

// Built on first use, not on import: `next build` imports every route, and a store client made
// then would try to connect.
export function sharedLimiter(opts: LimiterOptions, store?: LimiterStore): SharedLimiter {
  let built: RateLimiterAbstract | undefined;
  const shared = () => {
    const limiters = (g.candorLimiters ??= new Map());
    const key = `${opts.name}|${opts.points}|${opts.duration}`;
    if (!limiters.has(key)) limiters.set(key, build(defaultStore(), opts));
    return limiters.get(key)!;
  };
  const limiter = () => (built ??= store ? build(store, opts) : shared());
  return {
    async consume(key, points = 1) {
      try {
        const res = await limiter().consume(key, points);
        return { ok: true, remaining: res.remainingPoints };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterMs = Math.max(1, rejection.msBeforeNext);
        return { ok: false, retryAfterMs, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
      }
    },
    async block(key, seconds) {
      await limiter().block(key, Math.max(1, Math.ceil(seconds)));
    },
    async refusedFor(key) {
      const res = await limiter().get(key);
      return res && res.consumedPoints > opts.points ? Math.max(0, res.msBeforeNext) : 0;
    },
    async reset(key) {
      await limiter().delete(key);
    },
  };
}

// --- The entry points nobody is signed in to yet -------------------------------------------------
//
// The Canvas POST, the HubSpot card and webhooks, the panel's session exchange and SCIM answer
// before anyone is known, so their budgets are per client address and per CRM org or portal the
// request names, shared across processes like every budget above.

export type EntryLimitKind = "ip" | "portal" | "org";
export type EntryDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Requests per minute each key may make, per kind; 429 with Retry-After beyond. */
export function entryLimiters(perMinute: Record<EntryLimitKind, number>, store?: LimiterStore) {
  const limiters = {
    ip: sharedLimiter({ name: "entry:ip", points: perMinute.ip, duration: 60 }, store),
    portal: sharedLimiter({ name: "entry:portal", points: perMinute.portal, duration: 60 }, store),
    org: sharedLimiter({ name: "entry:org", points: perMinute.org, duration: 60 }, store),
  };
  return {
    async take(kind: EntryLimitKind, key: string): Promise<EntryDecision> {
      const verdict = await limiters[kind].consume(key);
      return verdict.ok ? { ok: true } : { ok: false, retryAfterSeconds: verdict.retryAfterSeconds };
    },
  };
}
