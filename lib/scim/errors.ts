// SCIM has its own error envelope (RFC 7644 §3.12), distinct from the app's problem+json: IdPs
// (Entra, Okta) parse `scimType` and `status` to decide whether to retry, so /api/scim/v2 answers in
// this shape and never with AppError.

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export const SCIM_TYPES = [
  "invalidFilter",
  "tooMany",
  "uniqueness",
  "mutability",
  "invalidSyntax",
  "invalidPath",
  "noTarget",
  "invalidValue",
  "invalidVers",
  "sensitive",
] as const;

export type ScimType = (typeof SCIM_TYPES)[number];

// RFC 7644 §3.12 defines the keywords for 400 responses; uniqueness travels with 409 Conflict and
// tooMany with 413, which is what Entra and Okta key their retry logic on.
const STATUS_OF: Record<ScimType, number> = {
  invalidFilter: 400,
  tooMany: 413,
  uniqueness: 409,
  mutability: 400,
  invalidSyntax: 400,
  invalidPath: 400,
  noTarget: 400,
  invalidValue: 400,
  invalidVers: 400,
  sensitive: 400,
};

export class ScimError extends Error {
  readonly status: number;
  readonly scimType?: ScimType;
  readonly detail: string;

  constructor(scimType: ScimType | undefined, detail: string, status?: number) {
    super(detail);
    this.name = "ScimError";
    this.scimType = scimType;
    this.detail = detail;
    this.status = status ?? (scimType ? STATUS_OF[scimType] : 500);
    // A mismatched pair is a programming error; failing loudly keeps the table above the single truth.
    if (scimType && this.status !== STATUS_OF[scimType]) {
      throw new TypeError(`scimType ${scimType} is not valid with status ${this.status}`);
    }
  }
}

export function scimNotFound(detail: string): ScimError {
  return new ScimError(undefined, detail, 404);
}

export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail?: string;
}

// Anything that is not a ScimError is an internal fault: its message may hold internals, so the
// body carries a fixed text and the caller logs the original.
export function toScimErrorBody(error: unknown): ScimErrorBody {
  if (error instanceof ScimError) {
    const body: ScimErrorBody = { schemas: [SCIM_ERROR_SCHEMA], status: String(error.status) };
    if (error.scimType) body.scimType = error.scimType;
    if (error.detail) body.detail = error.detail;
    return body;
  }
  return { schemas: [SCIM_ERROR_SCHEMA], status: "500", detail: "Internal server error" };
}
