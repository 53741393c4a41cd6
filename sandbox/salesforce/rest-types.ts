import type { Store } from "./store";
import type { QueryCursors } from "./rest-query";

export interface RestContext {
  store: Store;
  cursors: QueryCursors;
  userId: string;
  orgId: string;
  baseUrl: string;
  now: () => number;
  apiUsage: () => { used: number; limit: number };
  /** Composite subrequests may not nest another composite call. */
  inComposite?: boolean;
}

export interface RestRequest {
  method: string;
  version: string;
  segments: string[];
  query: URLSearchParams;
  header(name: string): string | undefined;
  body: unknown;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
