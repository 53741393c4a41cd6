import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { InjectedFailure, RequestLogEntry, SandboxContext } from "./context.js";
import { OBJECT_TYPES, type ObjectType } from "./object-types.js";
import { TokenStore } from "./oauth.js";
import { deliverWebhook } from "./outbound.js";
import { RateLimiter } from "./rate-limit.js";
import { createApp } from "./server.js";
import { CrmStore, type StoreSnapshot } from "./store.js";

export { signV1, signV3 } from "./signing.js";

export interface SandboxHsUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}

type RecordType = "contacts" | "companies" | "deals";

export interface HubSpotSandboxOptions {
  port: number;
  host?: string;
  portalId: string;
  clientId: string;
  clientSecret: string;
  cardFetchUrl: string;
  users: SandboxHsUser[];
  objects?: { contacts?: Array<Record<string, string>>; companies?: Array<Record<string, string>>; deals?: Array<Record<string, string>> };
  associations?: Array<{ from: { type: RecordType; id: string }; to: { type: RecordType; id: string }; typeId: number }>;
  rateLimit?: { max: number; intervalMs: number };
  // The clock the rate-limit windows run on (tests move it instead of waiting).
  now?: () => number;
  accessTokenTtlSeconds?: number;
  /** A snapshot() of an earlier run: restored instead of `objects` and `associations`. */
  restore?: StoreSnapshot;
}

export type { StoreSnapshot } from "./store.js";

export interface HubSpotSandbox {
  url: string;
  close(): Promise<void>;
  issueTokens(): { accessToken: string; refreshToken: string; expiresIn: number };
  expireAccessTokens(): void;
  objects(type: ObjectType): Array<{
    id: string;
    properties: Record<string, string | null>;
    associations: Array<{ toType: string; toId: string; typeId: number }>;
  }>;
  requestLog(): RequestLogEntry[];
  failNext(count: number, failure: InjectedFailure): void;
  /** From now on a share `rate` of CRM calls fails with one of `failures` (null: none). */
  setChaos(chaos: { rate: number; failures: InjectedFailure[]; random?: () => number } | null): void;
  /** How many times a batch update wrote each object, by id (duplicate-write checks). */
  writeCounts(): Map<string, number>;
  /** The portal's custom properties, objects and associations, for `restore` on the next start. */
  snapshot(): StoreSnapshot;
  setRateLimit(config: { max: number; intervalMs: number; daily?: number }): void;
  sendWebhook(targetUrl: string, events: Array<Record<string, unknown>>): Promise<Response>;
}

function seed(store: CrmStore, opts: HubSpotSandboxOptions): void {
  if (opts.restore) {
    store.load(opts.restore);
    return;
  }
  for (const type of ["companies", "contacts", "deals"] as const) {
    for (const raw of opts.objects?.[type] ?? []) {
      const { id, hs_object_id, ...props } = raw;
      try {
        const values = store.normalize(type, props, "seed");
        store.checkUnique(type, values);
        store.create(type, values, { id: id ?? hs_object_id });
      } catch (err) {
        throw new Error(`hubspot sandbox: cannot seed ${type} ${JSON.stringify(raw)}: ${(err as Error).message}`);
      }
    }
  }
  for (const a of opts.associations ?? []) {
    if (!store.get(a.from.type, a.from.id) || !store.get(a.to.type, a.to.id)) {
      throw new Error(`hubspot sandbox: association ${JSON.stringify(a)} refers to a record that was not seeded`);
    }
    store.associate(a.from.type, a.from.id, a.to.type, a.to.id, a.typeId);
  }
}

export async function startHubSpotSandbox(opts: HubSpotSandboxOptions): Promise<HubSpotSandbox> {
  const host = opts.host ?? "127.0.0.1";
  const users = new Map(opts.users.map((u) => [u.id, u]));
  const store = new CrmStore(opts.portalId, new Set(users.keys()));
  seed(store, opts);

  const ctx: SandboxContext = {
    opts,
    store,
    tokens: new TokenStore(opts.accessTokenTtlSeconds ?? 1800),
    limiter: new RateLimiter(opts.rateLimit ?? { max: 100, intervalMs: 10_000 }, opts.now),
    failures: [],
    chaos: null,
    log: [],
    user: (id) => (id === undefined ? undefined : users.get(id)),
  };

  const app = createApp(ctx);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: host }) as Server;
    s.once("listening", () => resolve(s));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    issueTokens: () => {
      const installer = opts.users[0];
      if (!installer) throw new Error("hubspot sandbox: issueTokens needs at least one user");
      return ctx.tokens.issue(installer.id);
    },
    expireAccessTokens: () => ctx.tokens.expireAll(),
    objects: (type) => {
      if (!OBJECT_TYPES.includes(type)) throw new Error(`hubspot sandbox: unknown object type ${type}`);
      return store.all(type).map((o) => ({
        id: o.id,
        properties: Object.fromEntries(o.values),
        associations: store.edgesOf(type, o.id).map((e) => ({ toType: e.toType, toId: e.toId, typeId: e.typeId })),
      }));
    },
    requestLog: () => ctx.log.map((entry) => ({ ...entry })),
    failNext: (count, failure) => {
      for (let i = 0; i < count; i++) ctx.failures.push({ ...failure });
    },
    setRateLimit: (config) => ctx.limiter.configure(config),
    setChaos: (chaos) => {
      ctx.chaos = chaos ? { ...chaos, random: chaos.random ?? Math.random } : null;
    },
    writeCounts: () => new Map(store.writes),
    snapshot: () => store.dump(),
    sendWebhook: (targetUrl, events) => deliverWebhook(opts, targetUrl, events),
  };
}
