import { ApiError, type ProblemBody } from "@/lib/client/api-client";

// Browser-side calls from the admin page to /api/v1/admin. The standalone pages authenticate with
// the SSO cookie (same-origin only); the server also checks the Origin header of every write.
export async function adminRequest<T>(path: string, init: { method: "POST" | "PUT" | "DELETE"; body?: unknown }): Promise<T> {
  const res = await fetch(path, {
    method: init.method,
    headers: { accept: "application/json", ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
    cache: "no-store",
  });
  if (!res.ok) throw new ApiError(res.status, (await res.json().catch(() => null)) as ProblemBody | null);
  return (await res.json()) as T;
}

export function problemText(err: unknown): string {
  if (err instanceof ApiError) {
    const field = err.problem?.errors?.[0];
    return field ? `${err.message} (${field.path.replace(/^body\./, "")}: ${field.message})` : err.message;
  }
  return "Something went wrong. Try again.";
}
