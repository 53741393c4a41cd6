import { randomUUID } from "node:crypto";
import { POST as resolveFlag } from "@/app/api/v1/flags/[id]/resolve/route";
import { POST as createFlag } from "@/app/api/v1/flags/route";
import { GET as getHistory } from "@/app/api/v1/records/[provider]/[objectType]/[externalId]/history/route";
import { GET as getInsight } from "@/app/api/v1/records/[provider]/[objectType]/[externalId]/insight/route";
import { DELETE as endOverride, PUT as setOverride } from "@/app/api/v1/records/[provider]/[objectType]/[externalId]/override/route";
import type { RouteHandler } from "./route-handlers";

// The table the authorization-matrix suite (matrix.integration.test.ts) drives: one row per route
// that acts on a single CRM record. Add a row when you add such a route; the suite fails for any
// route()-wrapped handler whose permission is a record capability and which has no row here.

// A record to act on, as the suite creates it (or one that does not exist): its current score, an
// open flag on that score raised by a colleague (so the caller can still flag it themselves), and
// a live override (so there is one to end).
export interface Target {
  provider: string;
  objectType: string;
  externalId: string;
  scoreId: string;
  flagId: string;
}

export interface RecordRouteCase {
  // "<path under app/> <METHOD>", as lib/authz/route-handlers.ts enumerates it.
  key: string;
  handler: RouteHandler;
  // The status of a permitted, in-scope call.
  success: number;
  request(target: Target): { method: string; params?: Record<string, string>; body?: unknown };
}

const recordParams = (t: Target) => ({ provider: t.provider, objectType: t.objectType, externalId: t.externalId });
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

export const RECORD_ROUTE_CASES: RecordRouteCase[] = [
  {
    key: "api/v1/records/[provider]/[objectType]/[externalId]/insight/route.ts GET",
    handler: getInsight,
    success: 200,
    request: (t) => ({ method: "GET", params: recordParams(t) }),
  },
  {
    key: "api/v1/records/[provider]/[objectType]/[externalId]/history/route.ts GET",
    handler: getHistory,
    success: 200,
    request: (t) => ({ method: "GET", params: recordParams(t) }),
  },
  {
    key: "api/v1/records/[provider]/[objectType]/[externalId]/override/route.ts PUT",
    handler: setOverride,
    success: 200,
    request: (t) => ({ method: "PUT", params: recordParams(t), body: { value: 88, reason: "Signed contract in hand", expiresAt: inAWeek() } }),
  },
  {
    key: "api/v1/records/[provider]/[objectType]/[externalId]/override/route.ts DELETE",
    handler: endOverride,
    success: 200,
    request: (t) => ({ method: "DELETE", params: recordParams(t), body: { reason: "Back to the model" } }),
  },
  {
    key: "api/v1/flags/[id]/resolve/route.ts POST",
    handler: resolveFlag,
    success: 200,
    request: (t) => ({ method: "POST", params: { id: t.flagId }, body: { decision: "REJECTED", resolution: "Matches the CRM history" } }),
  },
  {
    key: "api/v1/flags/route.ts POST",
    handler: createFlag,
    success: 201,
    request: (t) => ({ method: "POST", body: { scoreId: t.scoreId, kind: "TOO_HIGH", idempotencyKey: randomUUID().replace(/-/g, "") } }),
  },
];

// Routes whose permission is a record capability but which do not act on one record: say why.
export const NOT_RECORD_ROUTES: Record<string, string> = {
  // The review queue is a list filtered in SQL by recordWhere (matrix.integration.test.ts checks what each role sees).
  "api/v1/flags/route.ts GET": "list of flags, filtered to the caller's flags.review scope",
};

export const MISSING_TARGET: Target = {
  provider: "SALESFORCE", objectType: "Lead", externalId: "00Q000000000000ZZZ",
  scoreId: "00000000-0000-4000-8000-000000000000", flagId: "00000000-0000-4000-8000-000000000001",
};
