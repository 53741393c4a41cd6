import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listFlags } from "@/app/api/v1/flags/route";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { call, makeScoredRecord, makeTenant, makeUser, tokenFor } from "@/lib/test/fixtures";
import { CAPABILITIES, DEFAULT_MATRIX, type Capability, type Scope } from "./matrix";
import { MISSING_TARGET, NOT_RECORD_ROUTES, RECORD_ROUTE_CASES, type RecordRouteCase, type Target } from "./record-route-cases";
import { loadRouteHandlers, MUTATING_METHODS, type EnumeratedHandler } from "./route-handlers";

// The authorization matrix, generated: every role × every record route × every record scope
// (own record, same region other owner, other region, nonexistent), expected statuses read off
// lib/authz/matrix.ts — 403 when the role has no such capability, 404 outside its scope (the same
// body as for a record that does not exist), success inside it. Plus the capability gate of every
// route()-wrapped handler, and tenant isolation.

const ROLES: Role[] = ["SALES_REP", "SALES_MANAGER", "DATA_SCIENTIST", "ADMIN", "COMPLIANCE_OFFICER"];
const PLACES = ["own", "sameRegion", "otherRegion", "missing"] as const;
type Place = (typeof PLACES)[number];

// Written from the matrix's definition, not from lib/authz's code, so the two check each other.
function expected(scope: Scope, place: Place, success: number): number {
  if (scope === "none") return 403;
  if (place === "missing") return 404;
  if (scope === "all") return success;
  if (scope === "region") return place === "otherRegion" ? 404 : success;
  return place === "own" ? success : 404;
}

const RECORD_SCOPED = new Set(CAPABILITIES.filter((c) => Object.values(DEFAULT_MATRIX).some((r) => r[c] === "own" || r[c] === "region")));

let handlers: EnumeratedHandler[];
let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { tenant } = await makeTenant();
  const users = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await makeUser(tenant.id, role, "EMEA")] as const)));
  const peer = await makeUser(tenant.id, "SALES_REP", "EMEA", "Peer");
  const far = await makeUser(tenant.id, "SALES_REP", "NA", "Far");
  const author = await makeUser(tenant.id, "SALES_REP", "EMEA", "Flag author");
  const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await tokenFor(users[role]!)] as const)));
  const other = await makeTenant();
  const outsider = await makeUser(other.tenant.id, "ADMIN", "EMEA", "Other tenant admin");
  return { tenant, users, peer, far, author, tokens, outsiderToken: await tokenFor(outsider) };
}

async function target(role: Role, place: Exclude<Place, "missing">, kind: "TOO_LOW" | "BAD_DATA" = "TOO_LOW", ownFlag = false): Promise<Target> {
  const owner = place === "own" ? ctx.users[role]! : place === "sameRegion" ? ctx.peer : ctx.far;
  const { record, score } = await makeScoredRecord(ctx.tenant.id, { ownerUserId: owner.id, region: place === "otherRegion" ? "NA" : "EMEA" });
  const flag = await db.flag.create({
    data: { tenantId: ctx.tenant.id, scoreId: score.id, recordId: record.id, userId: ctx.author.id, kind, idempotencyKey: randomUUID() },
  });
  const own = ownFlag
    ? await db.flag.create({
        data: { tenantId: ctx.tenant.id, scoreId: score.id, recordId: record.id, userId: ctx.users[role]!.id, kind: "TOO_HIGH", idempotencyKey: randomUUID() },
      })
    : null;
  return {
    provider: record.provider, objectType: record.objectType, externalId: record.externalId, scoreId: score.id, flagId: flag.id,
    ownFlagId: own?.id ?? MISSING_TARGET.ownFlagId,
  };
}

async function send(c: RecordRouteCase, token: string, t: Target) {
  const { method, params, body } = c.request(t);
  // One path for every call, so problem bodies can be compared whole (they echo it as `instance`).
  return call(c.handler)("/api/v1/matrix", { method, token, params, body });
}

const withoutRequestId = (json: Record<string, unknown>) => ({ ...json, requestId: undefined });

beforeAll(async () => {
  handlers = await loadRouteHandlers();
  ctx = await setup();
});

describe("record routes: role × route × record scope", () => {
  it("names a record-scoped permission for every route in the table", () => {
    const byKey = new Map(handlers.map((h) => [h.key, h]));
    for (const c of RECORD_ROUTE_CASES) {
      const permission = byKey.get(c.key)?.handler.meta?.permission;
      expect(permission, `${c.key}: not found or not route()-wrapped with a permission`).toBeTruthy();
      expect(RECORD_SCOPED.has(permission!), `${c.key}: ${permission} is not a record-scoped capability`).toBe(true);
      expect(byKey.get(c.key)!.handler).toBe(c.handler);
    }
  });

  it("has a row for every route()-wrapped handler guarded by a record-scoped capability", () => {
    const listed = new Set([...RECORD_ROUTE_CASES.map((c) => c.key), ...Object.keys(NOT_RECORD_ROUTES)]);
    const missing = handlers.filter((h) => h.handler.meta?.permission && RECORD_SCOPED.has(h.handler.meta.permission) && !listed.has(h.key));
    expect(missing.map((h) => h.key), "add these to lib/authz/record-route-cases.ts").toEqual([]);
  });

  it("answers exactly as the matrix says, with 0 mismatches", async () => {
    const mismatches: string[] = [];
    let cases = 0;
    for (const c of RECORD_ROUTE_CASES) {
      const capability = c.handler.meta!.permission as Capability;
      for (const role of ROLES) {
        const scope = DEFAULT_MATRIX[role][capability];
        for (const place of PLACES) {
          const t = place === "missing" ? MISSING_TARGET : await target(role, place, "TOO_LOW", c.ownFlag);
          const res = await send(c, ctx.tokens[role]!, t);
          const want = expected(scope, place, c.success);
          cases++;
          if (res.status !== want) mismatches.push(`${c.key} as ${role} (${capability}: ${scope}) on ${place}: ${res.status}, expected ${want} ${JSON.stringify(res.json)}`);
        }
      }
    }
    expect(cases).toBe(RECORD_ROUTE_CASES.length * ROLES.length * PLACES.length);
    expect(mismatches).toEqual([]);
  });

  it("answers out-of-scope records with the very same 404 as records that do not exist", async () => {
    for (const c of RECORD_ROUTE_CASES) {
      const capability = c.handler.meta!.permission as Capability;
      for (const role of ROLES.filter((r) => ["own", "region"].includes(DEFAULT_MATRIX[r][capability]))) {
        const missing = await send(c, ctx.tokens[role]!, MISSING_TARGET);
        const outside = await send(c, ctx.tokens[role]!, await target(role, "otherRegion", "TOO_LOW", c.ownFlag));
        expect(missing.status).toBe(404);
        expect(outside.status).toBe(404);
        expect(withoutRequestId(outside.json)).toEqual(withoutRequestId(missing.json));
        expect(outside.headers.get("content-type")).toBe(missing.headers.get("content-type"));
      }
    }
  });

  it("never shows one tenant's record to another tenant, even to its admin", async () => {
    for (const c of RECORD_ROUTE_CASES) {
      const mine = await target("ADMIN", "own", "TOO_LOW", c.ownFlag);
      const missing = await send(c, ctx.outsiderToken, MISSING_TARGET);
      const foreign = await send(c, ctx.outsiderToken, mine);
      expect(foreign.status, c.key).toBe(404);
      expect(withoutRequestId(foreign.json)).toEqual(withoutRequestId(missing.json));
      expect((await send(c, ctx.tokens.ADMIN!, mine)).status).toBe(c.success);
    }
  });
});

describe("the flag review queue", () => {
  it("lists exactly the open flags on records inside each role's flags.review scope", async () => {
    const places = ["own", "sameRegion", "otherRegion"] as const;
    const flagged = Object.fromEntries(await Promise.all(places.map(async (p) => [p, (await target("SALES_MANAGER", p, "BAD_DATA")).flagId] as const)));
    for (const role of [...ROLES, "outsider"] as const) {
      const token = role === "outsider" ? ctx.outsiderToken : ctx.tokens[role]!;
      // Only this test raises BAD_DATA flags, so what the other tests leave behind cannot crowd them out.
      const res = await call(listFlags)("/api/v1/flags?kind=BAD_DATA&limit=200", { token });
      const scope = role === "outsider" ? "all" : DEFAULT_MATRIX[role]["flags.review"];
      if (scope === "none") {
        expect(res.status, role).toBe(403);
        continue;
      }
      expect(res.status, role).toBe(200);
      const seen = new Set((res.json.flags as Array<{ id: string }>).map((f) => f.id));
      const visible = (p: (typeof places)[number]) =>
        role !== "outsider" && (scope === "all" || (scope === "region" && p !== "otherRegion") || (scope === "own" && p === "own" && role === "SALES_MANAGER"));
      for (const p of places) expect(seen.has(flagged[p]!), `${role} on ${p}`).toBe(visible(p));
    }
  });
});

describe("capability gate of every route()-wrapped handler", () => {
  it("refuses with 403 exactly the roles whose scope is none, and nobody else", async () => {
    const gated = handlers.filter((h) => h.handler.meta?.permission && h.handler.meta.authenticate);
    expect(gated.length).toBeGreaterThanOrEqual(RECORD_ROUTE_CASES.length);
    const mismatches: string[] = [];
    for (const h of gated) {
      const capability = h.handler.meta!.permission!;
      for (const role of ROLES) {
        // No params and no body: a permitted caller stops at validation (or gets an empty
        // answer), so nothing here depends on fixtures; only the gate decides 403.
        const res = await call(h.handler)("/api/v1/gate", { method: h.method, token: ctx.tokens[role] });
        const denied = DEFAULT_MATRIX[role][capability] === "none";
        if (denied ? res.status !== 403 : res.status === 403 || res.status >= 500) {
          mismatches.push(`${h.key} as ${role} (${capability}): ${res.status}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(gated.filter((h) => MUTATING_METHODS.has(h.method)).every((h) => h.handler.meta!.audit)).toBe(true);
  });
});
