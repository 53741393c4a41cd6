import type { HubSpotSandboxOptions, SandboxHsUser } from "./index.js";
import type { TokenStore } from "./oauth.js";
import type { RateLimiter } from "./rate-limit.js";
import type { CrmStore } from "./store.js";

export interface InjectedFailure {
  status: number;
  category: string;
  message: string;
  /** Sent as Retry-After (a 429 from a burst of traffic HubSpot throttles). */
  retryAfterSeconds?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** When it was answered (ms since the epoch). */
  at: number;
  /** Refused by an injected fault rather than by HubSpot's own rules. */
  injected?: boolean;
}

/** Everything the route modules share; one per running sandbox. */
export interface SandboxContext {
  opts: HubSpotSandboxOptions;
  store: CrmStore;
  tokens: TokenStore;
  limiter: RateLimiter;
  failures: InjectedFailure[];
  /** Random faults on every CRM call (fault tests): the share of calls that fail, and how. */
  chaos: { rate: number; failures: InjectedFailure[]; random: () => number } | null;
  log: RequestLogEntry[];
  user(id: string | undefined): SandboxHsUser | undefined;
}
