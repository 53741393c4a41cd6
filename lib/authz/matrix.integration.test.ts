import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listFlags } from "@/app/api/v1/flags/route";
import { db } from "@/lib/db";
import { call, makeScoredRecord, makeTenant, makeUser, principalOf, tokenFor } from "@/test/support/fixtures";
import { currentMatrix, saveMatrix } from "./admin";
import { RECORD_CAPABILITIES, type Capability, type Scope } from "./capabilities";
import { BUILT_IN_ROLES, DEFAULT_GRANTS, type Grants } from "./default-matrix";
import { MISSING_TARGET, NOT_RECORD_ROUTES, RECORD_ROUTE_CASES, type RecordRouteCase, type Target } from "./record-route-cases";
import { loadRouteHandlers, type EnumeratedHandler } from "./route-handlers";

// The authorization matrix, generated from the matrix stored in the database: every role × every
// record route × every place a record can be — the caller's own, a teammate's in another region,
// a region-mate's in another team, another region, another tenant, nowhere. The expected status
// is read off the stored matrix through the scope definitions below (written from the matrix's
// definition, not from lib/authz's code, so the two check each other): 403 when the role lacks
// the capability, 404 outside its scope (the very body a missing record gets), success inside.
// It runs twice: against the default matrix, and against one an admin edited through the same
// service the editor uses, with team scopes and narrowed grants.

const ROLES = BUILT_IN_ROLES.map((r) => r.key);
const PLACES = ["own", "team", "region", "otherRegion", "otherTenant", "missing"] as const;
type Place = (typeof PLACES)[number];

const REACHES: Record<Scope, ReadonlySet<Place>> = {
  none: new Set(),
  own: new Set(["own"]),
  team: new Set(["own", "team"]),
  region: new Set(["own", "team", "region"]),
  all: new Set(["own", "team", "region", "otherRegion"]),
};

function expected(scope: Scope, place: Place, success: number): number {
  if (scope === "none") return 403;
  return REACHES[scope].has(place) ? success : 404;
}

// The admin's edit: team scopes for reps, narrowed managers, data scientists limited to their
// region, compliance without scores, admins overriding only their own records.
function editedGrants(): Grants {
  const g = structuredClone(DEFAULT_GRANTS);
  Object.assign(g.roles.SALES_REP!.scopes, { "scores.view": "team", "reasons.view": "team", "summary.view": "team", "flags.create": "team", "scores.override": "own" });
  Object.assign(g.roles.SALES_MANAGER!.scopes, { "scores.view": "own", "flags.review": "team", "scores.override": "region" });
  Object.assign(g.roles.DATA_SCIENTIST!.scopes, { "scores.view": "region", "scores.override": "team", "flags.review": "own" });
  Object.assign(g.roles.COMPLIANCE_OFFICER!.scopes, { "scores.view": "none", "flags.create": "all" });
  Object.assign(g.roles.ADMIN!.scopes, { "scores.override": "own", "flags.create": "team" });
  g.roles.SALES_REP!.pii = "hidden";
  return g;
}

async function world() {
  const { tenant } = await makeTenant();
  const team = async (name: string, regionCode: string) => db.team.create({ data: { tenantId: tenant.id, name, regionCode } });
  const [t1, t2, t3] = [await team("EMEA One", "EMEA"), await team("EMEA Two", "EMEA"), await team("NA One", "NA")];
  const person = async (role: string, region: string, teamId: string, name: string) => {
    const u = await makeUser(tenant.id, role, region, name);
    return db.user.update({ where: { id: u.id }, data: { teamId } });
  };
  const users = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await person(r, "EMEA", t1.id, `${r} caller`)] as const)));
  const teammate = await person("SALES_REP", "EMEA", t1.id, "Teammate");
  const regionMate = await person("SALES_REP", "EMEA", t2.id, "Region-mate");
  const far = await person("SALES_REP", "NA", t3.id, "Far");
  const author = await person("SALES_REP", "EMEA", t2.id, "Flag author");
  const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await tokenFor(users[r]!)] as const)));
  const other = await makeTenant();
  const outsider = await makeUser(other.tenant.id, "ADMIN", "EMEA", "Other tenant admin");
  const outsiderAuthor = await makeUser(other.tenant.id, "SALES_REP", "EMEA", "Other tenant author");
  return { tenant, users, teammate, regionMate, far, author, tokens, other, outsider, outsiderAuthor, outsiderToken: await tokenFor(outsider) };
}
type World = Awaited<ReturnType<typeof world>>;

async function target(w: World, role: string, place: Exclude<Place, "missing">): Promise<Target> {
  const inOther = place === "otherTenant";
  const tenantId = inOther ? w.other.tenant.id : w.tenant.id;
  const owner = { own: w.users[role]!, team: w.teammate, region: w.regionMate, otherRegion: w.far, otherTenant: w.outsider }[place];
  const region = place === "team" || place === "otherRegion" ? "NA" : "EMEA";
  const { record, score } = await makeScoredRecord(tenantId, { ownerUserId: owner.id, region });
  const flag = await db.flag.create({
    data: { tenantId, scoreId: score.id, recordId: record.id, userId: (inOther ? w.outsiderAuthor : w.author).id, kind: "TOO_LOW", idempotencyKey: randomUUID() },
  });
  await db.scoreOverride.create({
    data: { tenantId, recordId: record.id, value: 70, band: "A", reason: "Seeded", expiresAt: new Date(Date.now() + 86_400_000), createdById: owner.id },
  });
  return { provider: record.provider, objectType: record.objectType, externalId: record.externalId, scoreId: score.id, flagId: flag.id };
}

async function send(c: RecordRouteCase, token: string, t: Target) {
  const { method, params, body } = c.request(t);
  // One path for every call, so problem bodies can be compared whole (they echo it as `instance`).
  return call(c.handler)("/api/v1/matrix", { method, token, params, body });
}

const withoutRequestId = (json: Record<string, unknown>) => ({ ...json, requestId: undefined });

let handlers: EnumeratedHandler[];
beforeAll(async () => {
  handlers = await loadRouteHandlers();
});

describe("every route has a policy", () => {
  // Not route()-wrapped, each for a reason: the baseline bench:api compares against, and the
  // library's own OIDC endpoints.
  const UNWRAPPED = new Set(["api/health/route.ts GET", "api/auth/[...nextauth]/route.ts GET", "api/auth/[...nextauth]/route.ts POST"]);
  // Signed-in routes that any role may call: say why.
  const ANY_SIGNED_IN: Record<string, string> = {
    "api/v1/embed/session/renew/route.ts POST": "renews the caller's own token",
  };

  it("wraps every handler of every route file in route(), with a permission unless it says why not", () => {
    const problems = handlers.flatMap((h) => {
      if (UNWRAPPED.has(h.key)) return [];
      const meta = h.handler.meta;
      if (!meta) return [`${h.key}: not route()-wrapped`];
      const user = meta.auth === "session" || meta.auth === "embed" || meta.auth === "sso";
      if (user && !meta.permission && !ANY_SIGNED_IN[h.key]) return [`${h.key}: signed-in route without a permission`];
      return [];
    });
    expect(problems).toEqual([]);
    expect(handlers.filter((h) => UNWRAPPED.has(h.key)).map((h) => h.key).sort()).toEqual([...UNWRAPPED].sort());
  });

  it("has a row in the record-route table for every handler guarded by a record capability", () => {
    const listed = new Set([...RECORD_ROUTE_CASES.map((c) => c.key), ...Object.keys(NOT_RECORD_ROUTES)]);
    const record = new Set<Capability>(RECORD_CAPABILITIES);
    const missing = handlers.filter((h) => h.handler.meta?.permission && record.has(h.handler.meta.permission) && !listed.has(h.key));
    expect(missing.map((h) => h.key), "add these to lib/authz/record-route-cases.ts").toEqual([]);
    const byKey = new Map(handlers.map((h) => [h.key, h.handler]));
    for (const c of RECORD_ROUTE_CASES) expect(byKey.get(c.key), c.key).toBe(c.handler);
  });
});

describe.each([
  ["the default matrix", null],
  ["an admin-edited matrix", editedGrants],
] as const)("role × record route × place, with %s", (_name, edit) => {
  let w: World;
  let stored: Grants;
  beforeAll(async () => {
    w = await world();
    if (edit) {
      const admin = await principalOf(w.users.ADMIN!);
      await db.$transaction((tx) => saveMatrix(tx, admin, { baseVersion: 1, grants: edit(), reason: "Matrix test edit" }));
    }
    stored = (await currentMatrix(db, w.tenant.id)).grants;
  });

  it("reads the matrix it expects from the database", () => {
    expect(stored).toEqual(edit ? edit() : DEFAULT_GRANTS);
  });

  it("answers exactly as the stored matrix says, with 0 mismatches", async () => {
    const mismatches: string[] = [];
    let cases = 0;
    for (const c of RECORD_ROUTE_CASES) {
      const capability = c.handler.meta!.permission!;
      for (const role of ROLES) {
        const scope = stored.roles[role]!.scopes[capability];
        for (const place of PLACES) {
          const t = place === "missing" ? MISSING_TARGET : await target(w, role, place);
          const res = await send(c, w.tokens[role]!, t);
          const want = expected(scope, place, c.success);
          cases++;
          if (res.status !== want) mismatches.push(`${c.key} as ${role} (${capability}: ${scope}) on ${place}: ${res.status}, expected ${want} ${JSON.stringify(res.json)}`);
        }
      }
    }
    expect(cases).toBe(RECORD_ROUTE_CASES.length * ROLES.length * PLACES.length);
    expect(mismatches).toEqual([]);
  });

  it("answers out-of-scope and other-tenant records with the very same 404 as records that do not exist", async () => {
    let compared = 0;
    for (const c of RECORD_ROUTE_CASES) {
      const capability = c.handler.meta!.permission!;
      for (const role of ROLES.filter((r) => ["own", "team", "region"].includes(stored.roles[r]!.scopes[capability]))) {
        const missing = await send(c, w.tokens[role]!, MISSING_TARGET);
        for (const place of ["otherRegion", "otherTenant"] as const) {
          const outside = await send(c, w.tokens[role]!, await target(w, role, place));
          expect(outside.status, `${c.key} ${role} ${place}`).toBe(404);
          expect(withoutRequestId(outside.json)).toEqual(withoutRequestId(missing.json));
          expect(outside.headers.get("content-type")).toBe(missing.headers.get("content-type"));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it("never shows one tenant's record to another tenant's admin", async () => {
    for (const c of RECORD_ROUTE_CASES) {
      const mine = await target(w, "ADMIN", "own");
      const foreign = await send(c, w.outsiderToken, mine);
      expect(foreign.status, c.key).toBe(404);
    }
  });

  it("lists exactly the open flags inside each role's flags.review scope, filtered in SQL", async () => {
    const places = ["own", "team", "region", "otherRegion", "otherTenant"] as const;
    for (const role of ROLES) {
      const scope = stored.roles[role]!.scopes["flags.review"];
      const flagged = Object.fromEntries(await Promise.all(places.map(async (p) => [p, (await target(w, role, p)).flagId] as const)));
      const res = await call(listFlags)("/api/v1/flags?limit=200&status=OPEN", { token: w.tokens[role] });
      if (scope === "none") {
        expect(res.status, role).toBe(403);
        continue;
      }
      expect(res.status, role).toBe(200);
      const seen = new Set((res.json.flags as Array<{ id: string }>).map((f) => f.id));
      for (const p of places) expect(seen.has(flagged[p]!), `${role} (${scope}) on ${p}`).toBe(REACHES[scope].has(p));
    }
  });

  it("refuses with 403 exactly the roles whose stored scope is none, on every gated route", async () => {
    const gated = handlers.filter((h) => h.handler.meta?.permission && ["session", "embed", "sso"].includes(h.handler.meta.auth));
    const mismatches: string[] = [];
    for (const h of gated) {
      const capability = h.handler.meta!.permission!;
      for (const role of ROLES) {
        // No params and no body: a permitted caller stops at validation (or gets an empty
        // answer), so only the gate decides 403.
        const res = await call(h.handler)("/api/v1/gate", { method: h.method, token: w.tokens[role] });
        const denied = stored.roles[role]!.scopes[capability] === "none";
        if (denied ? res.status !== 403 : res.status === 403 || res.status >= 500) mismatches.push(`${h.key} as ${role} (${capability}): ${res.status}`);
      }
    }
    expect(gated.length).toBeGreaterThan(RECORD_ROUTE_CASES.length);
    expect(mismatches).toEqual([]);
  });
});
