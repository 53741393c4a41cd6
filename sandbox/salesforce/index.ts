import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { IdFactory, normalizeId } from "./ids";
import { ApiGate, type InjectedFailure, type LogEntry } from "./limits";
import { TokenService, type OAuthDeps } from "./oauth";
import { QueryCursors } from "./rest-query";
import { buildSchemas } from "./schemas";
import { buildApp } from "./server";
import { setFieldAccess } from "./setup";
import { Store, type Row } from "./store";

export { signCanvasRequest } from "./canvas";

export interface SandboxSfUser {
  Id: string;
  Username: string;
  FirstName: string;
  LastName: string;
  Email: string;
  ProfileId?: string;
  UserRoleId?: string | null;
  FederationIdentifier?: string | null;
}

export interface SalesforceSandboxOptions {
  port: number;
  host?: string;
  orgId: string;
  orgName: string;
  consumerKey: string;
  consumerSecret: string;
  canvasUrl: string;
  users: SandboxSfUser[];
  records?: Record<string, Array<Record<string, unknown>>>;
  dailyApiLimit?: number;
  accessTokenTtlSeconds?: number;
}

export interface SalesforceSandbox {
  url: string;
  close(): Promise<void>;
  issueTokens(userId: string): { accessToken: string; refreshToken: string };
  expireAccessTokens(): void;
  records(sobject: string): Array<Record<string, unknown>>;
  apiUsage(): { used: number; limit: number };
  setDailyApiLimit(limit: number): void;
  failNext(count: number, failure: { status: number; errorCode: string; message: string }): void;
  /** Field-level security of a Candor field for the integration user (also at /setup/field-security). */
  setFieldAccess(sobject: string, field: string, editable: boolean): void;
  requestLog(): LogEntry[];
  /** From now on a share `rate` of REST calls fails with one of `failures` (null: none). */
  setChaos(chaos: { rate: number; failures: InjectedFailure[]; random?: () => number } | null): void;
  /** How many times each record was updated, by id (duplicate-write checks). */
  writeCounts(): Map<string, number>;
}

/** Real ids always carry a valid case-safety suffix; a fixture with a wrong one would not match itself later. */
function checkSeedId(what: string, id: unknown): void {
  if (id === undefined || id === null) return;
  const norm = typeof id === "string" ? normalizeId(id) : undefined;
  if (!norm || (String(id).length === 18 && norm !== id)) {
    throw new Error(`salesforce sandbox: ${what} has an invalid Salesforce id ${String(id)}${norm ? ` (the 18-char form is ${norm})` : ""}`);
  }
}

// Parents before children, so seeded lookups (Contact.AccountId, Task.WhoId…) resolve.
const SEED_ORDER = ["Account", "Contact", "Lead", "Opportunity", "Task"];

function seed(store: Store, opts: SalesforceSandboxOptions): void {
  const firstUser = opts.users[0];
  if (!firstUser) throw new Error("salesforce sandbox: at least one user is required");
  const userSchema = store.schema("User");
  if (!userSchema) throw new Error("salesforce sandbox: User schema missing");
  for (const u of opts.users) {
    checkSeedId(`user ${u.Username}`, u.Id);
    const alias = `${u.FirstName.charAt(0)}${u.LastName}`.toLowerCase().slice(0, 8);
    const values = store.deserialize(userSchema, { Alias: alias, ...u });
    store.insert(userSchema, values, normalizeId(firstUser.Id) ?? firstUser.Id, { system: true });
  }
  const types = Object.keys(opts.records ?? {});
  const ordered = [...SEED_ORDER.filter((t) => types.includes(t)), ...types.filter((t) => !SEED_ORDER.includes(t))];
  for (const type of ordered) {
    const schema = store.schema(type);
    if (!schema) throw new Error(`salesforce sandbox: unknown sObject type in records: ${type}`);
    (opts.records?.[type] ?? []).forEach((record, i) => {
      checkSeedId(`${type}[${i}]`, record.Id);
      try {
        store.insert(schema, store.deserialize(schema, record), normalizeId(firstUser.Id) ?? firstUser.Id, { system: true });
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new Error(`salesforce sandbox: cannot seed ${type}[${i}]: ${reason}`);
      }
    });
  }
}

export async function startSalesforceSandbox(opts: SalesforceSandboxOptions): Promise<SalesforceSandbox> {
  const host = opts.host ?? "127.0.0.1";
  const now = () => Date.now();
  const store = new Store(buildSchemas(), new IdFactory(opts.orgId), now);
  seed(store, opts);

  let baseUrl = "";
  const findUser = (idOrUsername: string): Row | undefined => {
    const id = normalizeId(idOrUsername);
    const byId = id ? store.get("User", id) : undefined;
    return byId ?? store.rows("User").find((u) => String(u.Username).toLowerCase() === idOrUsername.toLowerCase());
  };
  const oauth: OAuthDeps = {
    orgId: opts.orgId,
    consumerKey: opts.consumerKey,
    consumerSecret: opts.consumerSecret,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 7200,
    baseUrl: () => baseUrl,
    now,
    findUser,
    defaultUserId: () => opts.users[0]?.Id ?? "",
  };
  const tokens = new TokenService(oauth);
  const gate = new ApiGate(opts.dailyApiLimit ?? 15000);
  const app = buildApp({ store, tokens, gate, cursors: new QueryCursors(), oauth, orgName: opts.orgName, canvasUrl: opts.canvasUrl });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: host }, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host}:${port}`;

  return {
    url: baseUrl,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
    issueTokens(userId) {
      const user = findUser(userId);
      if (!user) throw new Error(`salesforce sandbox: unknown user ${userId}`);
      const refreshToken = tokens.issueRefresh(user.Id as string);
      return { accessToken: tokens.issueAccess(user.Id as string, refreshToken), refreshToken };
    },
    expireAccessTokens: () => tokens.expireAll(),
    records(sobject) {
      const schema = store.schema(sobject);
      if (!schema) throw new Error(`salesforce sandbox: unknown sObject type ${sobject}`);
      return store.rows(schema.name).map((row) => structuredClone(row));
    },
    apiUsage: () => ({ used: gate.used, limit: gate.limit }),
    setDailyApiLimit(limit) {
      gate.limit = limit;
    },
    failNext: (count, failure) => gate.failNext(count, failure),
    setFieldAccess: (sobject, field, editable) => setFieldAccess(store, sobject, field, editable),
    requestLog: () => gate.entries(),
    setChaos: (chaos) => {
      gate.chaos = chaos ? { ...chaos, random: chaos.random ?? Math.random } : null;
    },
    writeCounts: () => new Map(store.writes),
  };
}
