export interface IdpUser {
  sub: string;
  email: string;
  name: string;
  password: string;
  /** Drive Candor roles, e.g. "candor-admins"; regions ride along as "candor-region-<code>". */
  groups: string[];
}

export interface IdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

export interface IdpOptions {
  /** 0 picks a free port; the issuer then carries the real one. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default http://{host}:{port}. Must be an origin (no path): the provider serves from the root. */
  issuer?: string;
  clients: IdpClient[];
  users: IdpUser[];
}

export interface Idp {
  issuer: string;
  close(): Promise<void>;
  setUserActive(sub: string, active: boolean): void;
}
