import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";
import { interactionRoutes } from "./interaction-routes";
import { providerConfiguration } from "./provider-config";
import type { Idp, IdpOptions } from "./types";
import { UserDirectory } from "./user-directory";

export type { Idp, IdpClient, IdpOptions, IdpUser } from "./types";
export { DEMO_IDP_LINKS, DEMO_IDP_USERS, DEMO_PASSWORD } from "./demo-users";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function shutdown(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Browsers and fetch keep connections alive; without this close() waits for them to idle out.
    server.closeAllConnections();
  });
}

function defaultIssuer(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function checkIssuer(issuer: string): void {
  const url = new URL(issuer);
  // Interaction pages and form actions are root-relative; a path would need a mounted app.
  if (url.pathname !== "/" || issuer.endsWith("/")) {
    throw new Error(`IdP issuer must be an origin without a path or trailing slash: ${issuer}`);
  }
}

/**
 * Starts a local OpenID Connect provider (authorization code + PKCE, RS256, RP-initiated
 * logout) with its own sign-in page. Plain http on loopback; see README.md for why that works.
 */
export async function startIdp(opts: IdpOptions): Promise<Idp> {
  const host = opts.host ?? "127.0.0.1";
  const directory = new UserDirectory(opts.users);

  // The issuer must carry the real port, which is only known after listening when port is 0,
  // so requests arriving before the provider is ready get a 503 instead of hanging.
  let handle: Handler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handle(req, res));
  const { port } = await listen(server, opts.port, host);

  try {
    const issuer = opts.issuer ?? defaultIssuer(host, port);
    checkIssuer(issuer);
    const provider = new Provider(issuer, await providerConfiguration(opts.clients, directory));
    provider.use(interactionRoutes(provider, directory));
    provider.on("server_error", (ctx, error) => {
      // Path without the query string: authorization and token requests carry codes there.
      console.error(`[idp] server_error on ${ctx.method} ${ctx.path}: ${error.name}: ${error.message}`);
    });
    handle = provider.callback();

    let closing: Promise<void> | undefined;
    return {
      issuer,
      close: () => (closing ??= shutdown(server)),
      setUserActive: (sub, active) => directory.setActive(sub, active),
    };
  } catch (error) {
    await shutdown(server);
    throw error;
  }
}
