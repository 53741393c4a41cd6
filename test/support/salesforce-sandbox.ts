import { Connection, OAuth2 } from "jsforce";
import { normalizeId } from "@/sandbox/salesforce/ids";
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions, type SandboxSfUser } from "@/sandbox/salesforce";

export { Connection, OAuth2 };

/** The 18-char id for a 15-char one, so fixtures need not compute case-safety suffixes by hand. */
export function sfId(id15: string): string {
  const id = normalizeId(id15);
  if (!id) throw new Error(`not an id: ${id15}`);
  return id;
}

export const CONSUMER_KEY = "3MVG9candor.sandbox.key";
export const CONSUMER_SECRET = "candor-sandbox-secret";
export const CANVAS_URL = "http://localhost:3999/embed/salesforce#ignored";

export const REP: SandboxSfUser = {
  Id: "0055g00000AAAAAAA5",
  Username: "rita.rep@acme.test",
  FirstName: "Rita",
  LastName: "Rep",
  Email: "rita.rep@acme.test",
  ProfileId: "00e5g000000PRF1",
  UserRoleId: null,
};
export const MANAGER: SandboxSfUser = {
  Id: "0055g00000BBBBBAA5",
  Username: "max.manager@acme.test",
  FirstName: "Max",
  LastName: "Manager",
  Email: "max.manager@acme.test",
  FederationIdentifier: "max@acme.test",
};

export function sandboxOptions(extra: Partial<SalesforceSandboxOptions> = {}): SalesforceSandboxOptions {
  return {
    port: 0,
    orgId: "00D5g000004CANDOR",
    orgName: "Acme Corp",
    consumerKey: CONSUMER_KEY,
    consumerSecret: CONSUMER_SECRET,
    canvasUrl: CANVAS_URL,
    users: [REP, MANAGER],
    ...extra,
  };
}

export const startSandbox = (extra: Partial<SalesforceSandboxOptions> = {}): Promise<SalesforceSandbox> =>
  startSalesforceSandbox(sandboxOptions(extra));

/** A jsforce connection as Candor builds one: stored tokens plus the connected app, so it can refresh. */
export function connect(sandbox: SalesforceSandbox, userId = REP.Id): Connection {
  const { accessToken, refreshToken } = sandbox.issueTokens(userId);
  return new Connection({
    instanceUrl: sandbox.url,
    accessToken,
    refreshToken,
    oauth2: { clientId: CONSUMER_KEY, clientSecret: CONSUMER_SECRET, loginUrl: sandbox.url },
    version: "63.0",
  });
}

/** The error a jsforce promise rejects with, for asserting on errorCode. */
export async function failure(promise: PromiseLike<unknown>): Promise<Error & { errorCode?: string; data?: unknown }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { errorCode?: string };
  }
  throw new Error("expected the call to fail");
}
