import type { HubSpotSandboxOptions, SandboxHsUser } from "./index.js";
import type { TokenStore } from "./oauth.js";
import type { RateLimiter } from "./rate-limit.js";
import type { CrmStore } from "./store.js";

export interface InjectedFailure {
  status: number;
  category: string;
  message: string;
}

/** Everything the route modules share; one per running sandbox. */
export interface SandboxContext {
  opts: HubSpotSandboxOptions;
  store: CrmStore;
  tokens: TokenStore;
  limiter: RateLimiter;
  failures: InjectedFailure[];
  log: Array<{ method: string; path: string; status: number }>;
  user(id: string | undefined): SandboxHsUser | undefined;
}
