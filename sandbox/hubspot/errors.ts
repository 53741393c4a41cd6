import { randomUUID } from "node:crypto";

export interface HsErrorDetail {
  message: string;
  in?: string;
  code?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

export interface HsErrorBody {
  status: "error";
  message: string;
  correlationId: string;
  category: string;
  subCategory?: string;
  context?: Record<string, string[]>;
  errors?: HsErrorDetail[];
  policyName?: string;
  [extra: string]: unknown;
}

/** Thrown anywhere in a handler; the server turns it into HubSpot's error envelope. */
export class HsError extends Error {
  readonly status: number;
  readonly body: HsErrorBody;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    category: string,
    message: string,
    extra: Partial<Omit<HsErrorBody, "status" | "message" | "category" | "correlationId">> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.body = { status: "error", message, correlationId: randomUUID(), category, ...extra };
    this.headers = headers;
  }
}

export function validationError(message: string, errors?: HsErrorDetail[]): HsError {
  return new HsError(400, "VALIDATION_ERROR", message, errors ? { errors } : {});
}

export function notFound(message = "resource not found"): HsError {
  return new HsError(404, "OBJECT_NOT_FOUND", message);
}

/** OAuth endpoints answer in their own older shape: {status: "<CODE>", message}. */
export class OAuthError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
  toBody(): Record<string, string> {
    return { status: this.code, message: this.message, correlationId: randomUUID() };
  }
}
