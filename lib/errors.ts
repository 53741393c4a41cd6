// One error vocabulary. Services throw AppError(code); lib/api.ts turns it into RFC 9457
// problem+json. Anything else becomes a generic 500 whose message is logged, never returned.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
  crm_unavailable: 502,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const TITLES: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  unauthenticated: "Authentication required",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  validation_failed: "Validation failed",
  rate_limited: "Too many requests",
  internal: "Internal server error",
  crm_unavailable: "CRM unavailable",
};

export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;
  readonly issues?: FieldIssue[];
  readonly retryAfterSeconds?: number;
  // RFC 9457 extension members, e.g. both versions of a matrix an edit conflicted with.
  readonly extensions?: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: string, extra?: { issues?: FieldIssue[]; retryAfterSeconds?: number; extensions?: Record<string, unknown> }) {
    super(detail ?? TITLES[code]);
    this.name = "AppError";
    this.code = code;
    this.detail = detail;
    this.issues = extra?.issues;
    this.retryAfterSeconds = extra?.retryAfterSeconds;
    this.extensions = extra?.extensions;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

export function toProblem(err: AppError, requestId: string, instance?: string): Problem {
  return {
    type: `https://candor.dev/problems/${err.code.replace(/_/g, "-")}`,
    title: TITLES[err.code],
    status: err.status,
    ...(err.detail ? { detail: err.detail } : {}),
    ...(instance ? { instance } : {}),
    code: err.code,
    requestId,
    ...(err.issues ? { errors: err.issues } : {}),
    ...(err.extensions ?? {}),
  };
}

export function problemResponse(err: AppError, requestId: string, instance?: string): Response {
  const headers: Record<string, string> = {
    "content-type": "application/problem+json",
    "x-request-id": requestId,
    "cache-control": "no-store",
  };
  if (err.retryAfterSeconds !== undefined) headers["retry-after"] = String(err.retryAfterSeconds);
  return new Response(JSON.stringify(toProblem(err, requestId, instance)), { status: err.status, headers });
}
