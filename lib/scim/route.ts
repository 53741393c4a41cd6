import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { scimJson } from "@/lib/http/respond";
import type { JsonObject } from "./json";

// What /scim/v2 route handlers share. They go through lib/api.ts's route() with `auth: "scim"`
// (a tenant's SCIM bearer token; errors as RFC 7644 bodies); these are the pieces around it.

export const SCIM_MAX_BODY_BYTES = 1024 * 1024;

// SCIM bodies are checked by the SCIM services (PatchOp, schemas); the wrapper only requires JSON.
export const ScimBody = z.json();
// Resource ids are Candor's UUIDs, but an IdP may ask for anything: unknown ids answer 404 from
// the service, not a validation error.
export const ScimIdParams = z.object({ id: z.string().min(1).max(256) }).strict();

// Absolute base for meta.location and $ref: what the IdP was configured with.
export const scimBaseUrl = () => `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}/scim/v2`;

export function scimResult(result: { status?: number; body?: JsonObject | null; location?: string }): Response {
  return scimJson(result.status ?? 200, result.body ?? null, result.location ? { location: result.location } : {});
}
