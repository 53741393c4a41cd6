import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, Hono } from "hono";
import type { Row } from "./store";

export interface OAuthDeps {
  orgId: string;
  consumerKey: string;
  consumerSecret: string;
  accessTokenTtlSeconds: number;
  baseUrl: () => string;
  now: () => number;
  /** A user row by Id or Username. */
  findUser: (idOrUsername: string) => Row | undefined;
  defaultUserId: () => string;
}

interface AccessGrant {
  userId: string;
  expiresAt: number;
  /** Revoking a refresh token also ends the sessions minted from it. */
  refreshToken?: string;
}

interface PendingCode {
  userId: string;
  redirectUri: string;
  codeChallenge?: string;
  expiresAt: number;
}

const CODE_TTL_MS = 15 * 60_000;

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

const safeEqual = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

export class TokenService {
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, string>();
  private readonly codes = new Map<string, PendingCode>();

  constructor(private readonly deps: OAuthDeps) {}

  issueAccess(userId: string, refreshToken?: string): string {
    const token = `${this.deps.orgId.slice(0, 15)}!${randomBytes(72).toString("base64").replace(/[+/=]/g, ".")}`;
    this.access.set(token, { userId, expiresAt: this.deps.now() + this.deps.accessTokenTtlSeconds * 1000, refreshToken });
    return token;
  }

  issueRefresh(userId: string): string {
    const token = `5Aep861${randomBytes(60).toString("base64").replace(/[+/=]/g, ".")}`;
    this.refresh.set(token, userId);
    return token;
  }

  authenticate(token: string): string | undefined {
    const grant = this.access.get(token);
    if (!grant) return undefined;
    if (grant.expiresAt <= this.deps.now()) {
      this.access.delete(token);
      return undefined;
    }
    return grant.userId;
  }

  expireAll(): void {
    this.access.clear();
  }

  revoke(token: string): boolean {
    if (this.access.delete(token)) return true;
    if (!this.refresh.delete(token)) return false;
    for (const [access, grant] of this.access) if (grant.refreshToken === token) this.access.delete(access);
    return true;
  }

  issueCode(userId: string, redirectUri: string, codeChallenge?: string): string {
    const code = `aPrx${randomBytes(36).toString("base64url")}`;
    this.codes.set(code, { userId, redirectUri, codeChallenge, expiresAt: this.deps.now() + CODE_TTL_MS });
    return code;
  }

  /** The token endpoint: every grant Candor or jsforce uses, with Salesforce's error vocabulary. */
  grant(params: URLSearchParams): Record<string, string> {
    const { deps } = this;
    const clientId = params.get("client_id");
    if (clientId !== deps.consumerKey) throw new OAuthError("invalid_client_id", "client identifier invalid");
    const secret = params.get("client_secret");
    const secretOk = secret !== null && safeEqual(secret, deps.consumerSecret);
    if (secret !== null && !secretOk) throw new OAuthError("invalid_client", "invalid client credentials");
    switch (params.get("grant_type")) {
      case "authorization_code": {
        const code = params.get("code") ?? "";
        const pending = this.codes.get(code);
        this.codes.delete(code);
        if (!pending || pending.expiresAt <= deps.now()) throw new OAuthError("invalid_grant", "invalid authorization code");
        if (params.get("redirect_uri") !== pending.redirectUri) throw new OAuthError("redirect_uri_mismatch", "redirect_uri must match configuration");
        const verifier = params.get("code_verifier");
        if (pending.codeChallenge) {
          const computed = verifier ? createHash("sha256").update(verifier).digest("base64url") : "";
          if (computed !== pending.codeChallenge) throw new OAuthError("invalid_grant", "invalid code verifier");
        } else if (!secretOk) {
          throw new OAuthError("invalid_client", "invalid client credentials");
        }
        return this.tokenResponse(pending.userId, true);
      }
      case "refresh_token": {
        if (!secretOk) throw new OAuthError("invalid_client", "invalid client credentials");
        const refreshToken = params.get("refresh_token") ?? "";
        const userId = this.refresh.get(refreshToken);
        if (!userId || !this.activeUser(userId)) throw new OAuthError("invalid_grant", "expired access/refresh token");
        return this.tokenResponse(userId, false, refreshToken);
      }
      case "password": {
        if (!secretOk) throw new OAuthError("invalid_client", "invalid client credentials");
        const user = deps.findUser(params.get("username") ?? "");
        if (!user || !params.get("password")) throw new OAuthError("invalid_grant", "authentication failure");
        if (!this.activeUser(user.Id as string)) throw new OAuthError("invalid_grant", "inactive user");
        return this.tokenResponse(user.Id as string, false);
      }
      default:
        throw new OAuthError("unsupported_grant_type", "grant type not supported");
    }
  }

  private activeUser(userId: string): boolean {
    return this.deps.findUser(userId)?.IsActive !== false;
  }

  tokenResponse(userId: string, withRefresh: boolean, fromRefresh?: string): Record<string, string> {
    const { deps } = this;
    const refreshToken = withRefresh ? this.issueRefresh(userId) : fromRefresh;
    const id = `${deps.baseUrl()}/id/${deps.orgId}/${userId}`;
    const issuedAt = String(deps.now());
    const signature = createHmac("sha256", deps.consumerSecret).update(id + issuedAt).digest("base64");
    return {
      access_token: this.issueAccess(userId, refreshToken),
      ...(withRefresh && refreshToken ? { refresh_token: refreshToken } : {}),
      signature,
      scope: withRefresh ? "refresh_token web api id" : "web api id",
      instance_url: deps.baseUrl(),
      id,
      token_type: "Bearer",
      issued_at: issuedAt,
    };
  }
}

function bearer(c: Context): string | undefined {
  const header = c.req.header("authorization") ?? "";
  const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header);
  return m?.[1] ?? c.req.query("oauth_token") ?? c.req.query("access_token") ?? undefined;
}

function identity(deps: OAuthDeps, user: Row) {
  const base = deps.baseUrl();
  const userId = user.Id as string;
  const id = `${base}/id/${deps.orgId}/${userId}`;
  return {
    sub: id,
    user_id: userId,
    organization_id: deps.orgId,
    preferred_username: user.Username,
    nickname: user.Alias ?? user.Username,
    name: user.Name,
    email: user.Email,
    email_verified: true,
    given_name: user.FirstName,
    family_name: user.LastName,
    zoneinfo: user.TimeZoneSidKey,
    active: user.IsActive !== false,
    user_type: "STANDARD",
    language: user.LanguageLocaleKey,
    locale: user.LocaleSidKey,
    utcOffset: 0,
    updated_at: user.LastModifiedDate,
    urls: {
      enterprise: `${base}/services/Soap/c/{version}/${deps.orgId}`,
      partner: `${base}/services/Soap/u/{version}/${deps.orgId}`,
      rest: `${base}/services/data/v{version}/`,
      sobjects: `${base}/services/data/v{version}/sobjects/`,
      query: `${base}/services/data/v{version}/query/`,
      profile: `${base}/${userId}`,
    },
  };
}

export function registerOAuthRoutes(app: Hono, tokens: TokenService, deps: OAuthDeps): void {
  app.post("/services/oauth2/token", async (c) => {
    const params = new URLSearchParams(await c.req.text());
    for (const [k, v] of new URL(c.req.url).searchParams) if (!params.has(k)) params.set(k, v);
    const basic = /^Basic\s+(.+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    if (basic) {
      const [id, secret] = Buffer.from(basic, "base64").toString("utf8").split(":");
      if (id && !params.has("client_id")) params.set("client_id", id);
      if (secret && !params.has("client_secret")) params.set("client_secret", secret);
    }
    try {
      return c.json(tokens.grant(params));
    } catch (err) {
      if (err instanceof OAuthError) return c.json({ error: err.error, error_description: err.description }, 400);
      throw err;
    }
  });

  app.get("/services/oauth2/authorize", (c) => {
    const q = (k: string) => c.req.query(k);
    const redirectUri = q("redirect_uri");
    if (q("client_id") !== deps.consumerKey || !redirectUri) {
      return c.html("<h1>error=invalid_client_id</h1><p>client identifier invalid</p>", 400);
    }
    const hint = q("as") ?? q("login_hint");
    const user = hint ? deps.findUser(hint) : deps.findUser(deps.defaultUserId());
    const target = new URL(redirectUri);
    const state = q("state");
    if (!user) {
      target.searchParams.set("error", "access_denied");
      target.searchParams.set("error_description", "end-user denied authorization");
    } else if (q("response_type") === "token") {
      const params = new URLSearchParams(tokens.tokenResponse(user.Id as string, false));
      if (state) params.set("state", state);
      target.hash = params.toString();
      return c.redirect(target.toString(), 302);
    } else {
      target.searchParams.set("code", tokens.issueCode(user.Id as string, redirectUri, q("code_challenge")));
    }
    if (state) target.searchParams.set("state", state);
    return c.redirect(target.toString(), 302);
  });

  app.on(["GET", "POST"], "/services/oauth2/revoke", async (c) => {
    const params = new URLSearchParams(c.req.method === "POST" ? await c.req.text() : "");
    const token = params.get("token") ?? c.req.query("token") ?? "";
    if (tokens.revoke(token)) return c.body(null, 200);
    return c.json({ error: "unsupported_token_type", error_description: "this token type is not supported" }, 400);
  });

  const userinfo = (c: Context, pathUserId?: string) => {
    const token = bearer(c);
    const userId = token ? tokens.authenticate(token) : undefined;
    const user = userId ? deps.findUser(pathUserId ?? userId) : undefined;
    if (!user) return c.text("Bad_OAuth_Token", 403);
    const info = identity(deps, user);
    if (!pathUserId) return c.json(info);
    return c.json({
      id: info.sub,
      asserted_user: pathUserId === userId,
      user_id: info.user_id,
      organization_id: info.organization_id,
      username: info.preferred_username,
      nick_name: info.nickname,
      display_name: info.name,
      email: info.email,
      first_name: info.given_name,
      last_name: info.family_name,
      timezone: info.zoneinfo,
      active: info.active,
      user_type: info.user_type,
      language: info.language,
      locale: info.locale,
      utcOffset: info.utcOffset,
      last_modified_date: info.updated_at,
      urls: info.urls,
    });
  };
  app.on(["GET", "POST"], "/services/oauth2/userinfo", (c) => userinfo(c));
  app.get("/id/:orgId/:userId", (c) => (c.req.param("orgId") === deps.orgId ? userinfo(c, c.req.param("userId")) : c.text("Bad_OAuth_Token", 403)));
}
