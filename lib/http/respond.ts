import { embedErrorPage } from "@/lib/embed/error-page";
import { AppError, problemResponse, TITLES } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { ScimError, toScimErrorBody } from "@/lib/scim/errors";

// How lib/api.ts answers a failure, in the format the caller speaks: problem+json for Candor's
// API, RFC 7644 error bodies for SCIM clients, a small HTML page inside a CRM iframe.

export type ErrorFormat = "problem" | "scim" | "html";

export const SCIM_MEDIA_TYPE = "application/scim+json";

// Known failures become AppError (or ScimError on SCIM routes); anything else is unexpected.
export function knownError(err: unknown): AppError | ScimError | null {
  if (err instanceof AppError || err instanceof ScimError) return err;
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === "P2002") return new AppError("conflict", "That already exists.");
    if (err.code === "P2025") return new AppError("not_found", "No such resource.");
    // A foreign key still pointing at the row being removed or changed.
    if (err.code === "P2003") return new AppError("conflict", "It is still in use.");
  }
  return null;
}

export function asScim(err: AppError | ScimError): ScimError {
  if (err instanceof ScimError) return err;
  switch (err.code) {
    case "bad_request":
      return new ScimError("invalidSyntax", err.detail ?? "The request is not valid");
    case "validation_failed":
      return new ScimError("invalidValue", [err.detail, ...(err.issues ?? []).map((i) => `${i.path}: ${i.message}`)].filter(Boolean).join(" "));
    case "conflict":
      return new ScimError("uniqueness", err.detail === "That already exists." ? "A resource with that unique attribute already exists" : (err.detail ?? "Conflict"));
    default:
      return new ScimError(undefined, err.detail ?? TITLES[err.code], err.status);
  }
}

export function statusOf(err: AppError | ScimError): number {
  return err.status;
}

export function scimJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  if (body === null || body === undefined) return new Response(null, { status, headers: { "cache-control": "no-store", ...headers } });
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": `${SCIM_MEDIA_TYPE}; charset=utf-8`, "cache-control": "no-store", ...headers },
  });
}

export function errorResponse(format: ErrorFormat, err: AppError | ScimError, requestId: string, instance: string): Response {
  if (format === "scim") {
    const scim = asScim(err);
    const extra: Record<string, string> = { "x-request-id": requestId };
    if (scim.status === 401) extra["www-authenticate"] = 'Bearer realm="candor-scim"';
    if (err instanceof AppError && err.retryAfterSeconds !== undefined) extra["retry-after"] = String(err.retryAfterSeconds);
    return scimJson(scim.status, toScimErrorBody(scim), extra);
  }
  const app = err instanceof AppError ? err : new AppError("internal");
  if (format === "html") {
    const res = embedErrorPage(app.status, TITLES[app.code], app.detail ?? TITLES[app.code]);
    res.headers.set("x-request-id", requestId);
    if (app.retryAfterSeconds !== undefined) res.headers.set("retry-after", String(app.retryAfterSeconds));
    return res;
  }
  return problemResponse(app, requestId, instance);
}
