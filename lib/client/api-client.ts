// Browser-side fetcher for /api/v1: bearer token from the in-memory session, abort signal passed
// through, problem+json turned into ApiError with the server's request id.
export interface ProblemBody {
  title: string;
  status: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: Array<{ path: string; message: string }>;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: ProblemBody | null) {
    super(problem?.detail ?? problem?.title ?? `Request failed (${status})`);
    this.name = "ApiError";
  }
}

export type TokenSource = () => string | null;

export async function apiFetch<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal; token: TokenSource },
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const token = init.token();
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(path, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    credentials: "omit",
    cache: "no-store",
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as ProblemBody | null;
    throw new ApiError(res.status, problem);
  }
  return (await res.json()) as T;
}
