// oidc-provider ships no types and @types/oidc-provider is not installed; this declares only the
// surface sandbox/idp uses, so a wrong call still fails type-checking instead of becoming `any`.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Record<string, unknown> | Promise<Record<string, unknown>>;
  }

  export interface Grant {
    readonly jti: string;
    readonly accountId: string;
    readonly clientId: string;
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantConstructor {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface OidcContext {
    readonly provider: Provider;
    readonly session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    readonly account?: Account;
    readonly client?: { clientId: string };
    readonly result?: { consent?: { grantId?: string } };
    readonly requestParamOIDCScopes: Set<string>;
  }

  /** The slice of Koa's context used by the interaction routes and the page renderers. */
  export interface KoaContext {
    readonly method: string;
    readonly path: string;
    readonly req: IncomingMessage;
    readonly res: ServerResponse;
    status: number;
    type: string;
    body: unknown;
    set(field: string, value: string): void;
    get(field: string): string;
    redirect(url: string): void;
    readonly oidc: OidcContext;
  }

  export type Middleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

  export interface Interaction {
    readonly uid: string;
    readonly prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    readonly params: Record<string, unknown>;
  }

  export interface InteractionResults {
    login?: { accountId: string };
    error?: string;
    error_description?: string;
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret: string;
    redirect_uris: string[];
    post_logout_redirect_uris: string[];
    grant_types: string[];
    response_types: string[];
    token_endpoint_auth_method: string;
  }

  export interface ErrorOut {
    error: string;
    error_description?: string;
  }

  type Feature<T = object> = { enabled: boolean } & T;

  export interface Configuration {
    clients: ClientMetadata[];
    clientAuthMethods: string[];
    clientBasedCORS: (ctx: KoaContext, origin: string) => boolean;
    claims: Record<string, string[]>;
    conformIdTokenClaims: boolean;
    cookies: {
      names: { session: string; interaction: string; resume: string };
      keys: string[];
      long: { httpOnly: boolean; sameSite: "lax" | "strict" | "none" };
      short: { httpOnly: boolean; sameSite: "lax" | "strict" | "none" };
    };
    features: {
      devInteractions: Feature;
      resourceIndicators: Feature;
      userinfo: Feature;
      rpInitiatedLogout: Feature<{
        logoutSource: (ctx: KoaContext, form: string) => Promise<void>;
        postLogoutSuccessSource: (ctx: KoaContext) => Promise<void>;
      }>;
    };
    findAccount: (ctx: KoaContext, sub: string) => Promise<Account | undefined>;
    interactions: { policy: interactionPolicy.Policy };
    jwks: { keys: Record<string, unknown>[] };
    loadExistingGrant: (ctx: KoaContext) => Promise<Grant | undefined>;
    pkce: { required: (ctx: KoaContext, client: unknown) => boolean };
    renderError: (ctx: KoaContext, out: ErrorOut, error: Error) => Promise<void>;
    responseTypes: string[];
    scopes: string[];
    ttl: Record<string, number>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    readonly Grant: GrantConstructor;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: Middleware): this;
    on(event: "server_error", listener: (ctx: KoaContext, error: Error) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
  }

  export namespace interactionPolicy {
    class Check {
      static readonly REQUEST_PROMPT: true;
      static readonly NO_NEED_TO_PROMPT: false;
      constructor(
        reason: string,
        description: string,
        error: string,
        check: (ctx: KoaContext) => boolean | Promise<boolean>,
      );
    }
    interface Prompt {
      readonly name: string;
      readonly checks: Check[] & { add(check: Check, index?: number): void };
    }
    type Policy = Prompt[] & { get(name: string): Prompt | undefined };
    function base(): Policy;
  }
}
