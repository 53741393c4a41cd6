import type { z } from "zod";
import type { FieldIssue, Problem } from "@/lib/errors";

// The one browser-side fetcher for Candor's API. Two ways to authenticate: the embedded panel
// sends the bearer token it keeps in memory (cookies are third-party inside CRM iframes), the
// standalone pages ride on the same-origin SSO cookie. Every failure becomes one ApiError that
// carries the server's request id and field errors, so forms and support see the same thing.

export type TokenSource = () => string | null;
export type ApiAuth = TokenSource | "cookie";

export interface ApiFetchOptions<T> {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
  // Checks the response against its contract; a mismatch is an ApiError, never a silent cast.
  schema?: z.ZodType<T>;
  auth: ApiAuth;
}

export type ApiErrorCode = Problem["code"] | "network" | "invalid_response" | "unknown";

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly title: string;
  readonly requestId: string | null;
  readonly fieldErrors: FieldIssue[];

  constructor(init: { status: number; code: ApiErrorCode; title: string; detail?: string; requestId?: string | null; fieldErrors?: FieldIssue[] }) {
    super(init.detail ?? init.title);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.requestId = init.requestId ?? null;
    this.fieldErrors = init.fieldErrors ?? [];
  }
}

const isJson = (res: Response) => /^application\/([\w.+-]+\+)?json\b/i.test(res.headers.get("content-type") ?? "");

async function problemFrom(res: Response): Promise<ApiError> {
  const body = isJson(res) ? ((await res.json().catch(() => null)) as Partial<Problem> | null) : null;
  return new ApiError({
    status: res.status,
    code: typeof body?.code === "string" ? body.code : "unknown",
    title: typeof body?.title === "string" ? body.title : `Request failed (${res.status})`,
    detail: typeof body?.detail === "string" ? body.detail : undefined,
    requestId: (typeof body?.requestId === "string" ? body.requestId : null) ?? res.headers.get("x-request-id"),
    fieldErrors: Array.isArray(body?.errors) ? body.errors : [],
  });
}

export async function apiFetch<T>(path: string, options: ApiFetchOptions<T>): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.auth !== "cookie") {
    const token = options.auth();
    if (token) headers.authorization = `Bearer ${token}`;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: options.auth === "cookie" ? "same-origin" : "omit",
      cache: "no-store",
    });
  } catch (err) {
    // Cancellation is TanStack Query's business, not an error to show.
    if (options.signal?.aborted) throw err;
    throw new ApiError({ status: 0, code: "network", title: "Candor could not be reached. Check your connection and try again." });
  }
  if (!res.ok) throw await problemFrom(res);
  const requestId = res.headers.get("x-request-id");
  const data: unknown = res.status === 204 || !isJson(res) ? undefined : await res.json();
  if (!options.schema) return data as T;
  const parsed = options.schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new ApiError({ status: res.status, code: "invalid_response", title: "Candor answered in a form this page does not understand. Reload the page.", requestId });
}

// A field's server-side error by its path in the form ("body.region" → "region").
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const issue of err.fieldErrors) out[issue.path.replace(/^body\./, "")] ??= issue.message;
  return out;
}

// One sentence for a form's error line: the server's detail, the first field at fault, and the
// request id when the fault is ours (so support can find it in the logs).
export function problemText(err: unknown): string {
  if (!(err instanceof ApiError)) return "Something went wrong. Try again.";
  const field = err.fieldErrors[0];
  const where = field ? ` (${field.path.replace(/^body\./, "")}: ${field.message})` : "";
  const ref = err.status >= 500 || err.code === "invalid_response" ? (err.requestId ? ` Reference: ${err.requestId}.` : "") : "";
  return `${err.message}${where}${ref}`;
}
