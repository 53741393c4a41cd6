import { randomBytes, randomUUID } from "node:crypto";
import type { Context, Hono, MiddlewareHandler } from "hono";
import type { SandboxContext } from "./context.js";
import { HsError, OAuthError } from "./errors.js";
import type { SandboxHsUser } from "./index.js";

export const DEFAULT_SCOPES = [
  "oauth",
  "crm.objects.contacts.read",
  "crm.objects.contacts.write",
  "crm.objects.companies.read",
  "crm.objects.companies.write",
  "crm.objects.deals.read",
  "crm.objects.deals.write",
  "crm.objects.owners.read",
  "crm.schemas.contacts.read",
  "crm.schemas.contacts.write",
  "crm.schemas.companies.write",
  "crm.schemas.deals.write",
];

interface AccessRecord {
  userId: string;
  expiresAt: number;
  scopes: string[];
  refreshToken: string;
}

interface RefreshRecord {
  userId: string;
  scopes: string[];
}

interface CodeRecord {
  userId: string;
  redirectUri: string;
  scopes: string[];
  expiresAt: number;
}

export type TokenCheck =
  | { kind: "ok"; userId: string }
  | { kind: "expired"; expiredAt: number }
  | { kind: "unknown" };

export class TokenStore {
  private readonly access = new Map<string, AccessRecord>();
  private readonly refresh = new Map<string, RefreshRecord>();
  private readonly codes = new Map<string, CodeRecord>();

  constructor(private readonly ttlSeconds: number) {}

  issue(userId: string, scopes = DEFAULT_SCOPES): { accessToken: string; refreshToken: string; expiresIn: number } {
    const refreshToken = `na1-${randomUUID()}`;
    this.refresh.set(refreshToken, { userId, scopes });
    return { accessToken: this.mintAccess(userId, scopes, refreshToken), refreshToken, expiresIn: this.ttlSeconds };
  }

  /** HubSpot keeps the refresh token stable across refreshes; only the access token is new. */
  refreshAccess(refreshToken: string): { accessToken: string; refreshToken: string; expiresIn: number } | undefined {
    const rec = this.refresh.get(refreshToken);
    if (!rec) return undefined;
    return { accessToken: this.mintAccess(rec.userId, rec.scopes, refreshToken), refreshToken, expiresIn: this.ttlSeconds };
  }

  private mintAccess(userId: string, scopes: string[], refreshToken: string): string {
    const token = `C${randomBytes(48).toString("base64url")}`;
    this.access.set(token, { userId, scopes, refreshToken, expiresAt: Date.now() + this.ttlSeconds * 1000 });
    return token;
  }

  expireAll(): void {
    const past = Date.now() - 1000;
    for (const rec of this.access.values()) rec.expiresAt = Math.min(rec.expiresAt, past);
  }

  check(token: string): TokenCheck {
    const rec = this.access.get(token);
    if (!rec) return { kind: "unknown" };
    if (rec.expiresAt <= Date.now()) return { kind: "expired", expiredAt: rec.expiresAt };
    return { kind: "ok", userId: rec.userId };
  }

  accessInfo(token: string): AccessRecord | undefined {
    return this.access.get(token);
  }

  refreshInfo(token: string): RefreshRecord | undefined {
    return this.refresh.get(token);
  }

  revokeRefresh(token: string): boolean {
    return this.refresh.delete(token);
  }

  createCode(userId: string, redirectUri: string, scopes: string[]): string {
    const code = randomUUID();
    this.codes.set(code, { userId, redirectUri, scopes, expiresAt: Date.now() + 5 * 60_000 });
    return code;
  }

  redeemCode(code: string, redirectUri: string | undefined): { accessToken: string; refreshToken: string; expiresIn: number } {
    const rec = this.codes.get(code);
    if (!rec) throw new OAuthError(400, "BAD_AUTH_CODE", "missing or unknown auth code");
    this.codes.delete(code);
    if (rec.expiresAt <= Date.now()) throw new OAuthError(400, "EXPIRED_AUTH_CODE", "auth code is expired");
    if (redirectUri !== rec.redirectUri) {
      throw new OAuthError(400, "BAD_REDIRECT_URI", "redirect_uri does not match the one used for the authorization code");
    }
    return this.issue(rec.userId, rec.scopes);
  }
}

function formField(form: Record<string, unknown>, name: string): string | undefined {
  const v = form[name];
  return typeof v === "string" && v !== "" ? v : undefined;
}

function userPayload(user: SandboxHsUser | undefined): { user?: string; user_id?: number } {
  return user ? { user: user.email, user_id: Number(user.id) } : {};
}

export function registerOAuthRoutes(app: Hono, ctx: SandboxContext): void {
  const hubDomain = `candor-sandbox-${ctx.opts.portalId}.hubspot.local`;

  app.get("/oauth/authorize", (c) => {
    const clientId = c.req.query("client_id");
    const redirectUri = c.req.query("redirect_uri");
    if (clientId !== ctx.opts.clientId) return c.text("Authorization failed: unknown client_id", 400);
    if (!redirectUri) return c.text("Authorization failed: redirect_uri is required", 400);
    const user = ctx.user(c.req.query("as")) ?? ctx.opts.users[0];
    if (!user) return c.text("Authorization failed: the sandbox portal has no users", 400);
    const scopes = (c.req.query("scope") ?? DEFAULT_SCOPES.join(" ")).split(/[\s+]+/).filter(Boolean);
    const target = new URL(redirectUri);
    target.searchParams.set("code", ctx.tokens.createCode(user.id, redirectUri, scopes));
    const state = c.req.query("state");
    if (state !== undefined) target.searchParams.set("state", state);
    return c.redirect(target.toString(), 302);
  });

  app.post("/oauth/v1/token", async (c) => {
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    const grant = formField(form, "grant_type");
    if (formField(form, "client_id") !== ctx.opts.clientId) throw new OAuthError(400, "BAD_CLIENT_ID", "missing or unknown client id");
    if (formField(form, "client_secret") !== ctx.opts.clientSecret) {
      throw new OAuthError(400, "BAD_CLIENT_SECRET", "missing or invalid client secret");
    }
    let issued: { accessToken: string; refreshToken: string; expiresIn: number };
    if (grant === "authorization_code") {
      const code = formField(form, "code");
      if (!code) throw new OAuthError(400, "BAD_AUTH_CODE", "missing or unknown auth code");
      issued = ctx.tokens.redeemCode(code, formField(form, "redirect_uri"));
    } else if (grant === "refresh_token") {
      const refreshed = ctx.tokens.refreshAccess(formField(form, "refresh_token") ?? "");
      if (!refreshed) throw new OAuthError(400, "BAD_REFRESH_TOKEN", "missing or unknown refresh token");
      issued = refreshed;
    } else {
      throw new OAuthError(400, "BAD_GRANT_TYPE", `unsupported grant_type: ${grant ?? "(missing)"}`);
    }
    return c.json({
      token_type: "bearer",
      refresh_token: issued.refreshToken,
      access_token: issued.accessToken,
      expires_in: issued.expiresIn,
    });
  });

  app.get("/oauth/v1/access-tokens/:token", (c) => {
    const token = c.req.param("token");
    const rec = ctx.tokens.accessInfo(token);
    if (!rec) throw new HsError(404, "OBJECT_NOT_FOUND", "access token not found");
    return c.json({
      token,
      ...userPayload(ctx.user(rec.userId)),
      hub_domain: hubDomain,
      scopes: rec.scopes,
      hub_id: Number(ctx.opts.portalId),
      app_id: 1_000_001,
      expires_in: Math.max(0, Math.floor((rec.expiresAt - Date.now()) / 1000)),
      token_type: "access",
    });
  });

  app.get("/oauth/v1/refresh-tokens/:token", (c) => {
    const token = c.req.param("token");
    const rec = ctx.tokens.refreshInfo(token);
    if (!rec) throw new HsError(404, "OBJECT_NOT_FOUND", "refresh token not found");
    return c.json({
      token,
      ...userPayload(ctx.user(rec.userId)),
      hub_domain: hubDomain,
      scopes: rec.scopes,
      hub_id: Number(ctx.opts.portalId),
      client_id: ctx.opts.clientId,
      token_type: "refresh",
    });
  });

  app.delete("/oauth/v1/refresh-tokens/:token", (c) => {
    if (!ctx.tokens.revokeRefresh(c.req.param("token"))) throw new HsError(404, "OBJECT_NOT_FOUND", "refresh token not found");
    return c.body(null, 204);
  });
}

const NO_CREDENTIALS =
  "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";

function describeAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} second(s)`;
  if (s < 3600) return `${Math.floor(s / 60)} minute(s)`;
  return `${Math.floor(s / 3600)} hour(s)`;
}

/** Bearer check for API routes, with HubSpot's two 401 categories. */
export function bearerAuth(ctx: SandboxContext): MiddlewareHandler {
  return async (c: Context, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HsError(401, "INVALID_AUTHENTICATION", NO_CREDENTIALS);
    const check = ctx.tokens.check(match[1]!);
    if (check.kind === "unknown") throw new HsError(401, "INVALID_AUTHENTICATION", NO_CREDENTIALS);
    if (check.kind === "expired") {
      throw new HsError(401, "EXPIRED_AUTHENTICATION", `The OAuth token used to make this call expired ${describeAge(Date.now() - check.expiredAt)} ago.`, {
        context: { "expire time": [new Date(check.expiredAt).toISOString()] },
      });
    }
    await next();
  };
}
