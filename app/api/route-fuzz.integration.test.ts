import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { loadRouteHandlers, routeFiles, type EnumeratedHandler } from "@/lib/authz/route-handlers";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createScimToken } from "@/lib/scim/service-tokens";
import { storableText } from "@/lib/storable";
import { makeScoredRecord, makeTenant, makeUser, ssoCookieFor, tokenFor } from "@/test/support/fixtures";
import { contentTypes, deeplyNestedText, hostileJson, hostileString, plausible, poisoned, rawQueryPiece, shapeOf } from "@/test/support/fuzz";
import { hubspotRequest, makeHubSpotRecord, makeHubSpotTenant, makeLinkedUser } from "@/test/support/hubspot";

// Hostile input against every route file under app/, driven by each handler's own RouteMeta (how
// it authenticates, its params / query / body schemas, its body format): arbitrary JSON, strings
// with NUL, lone surrogates and CR/LF, very long and deeply nested values, wrong content types and
// huge bodies, sent without credentials, with garbage ones, and with valid ones of the kind the
// route needs (a session bearer token or SSO cookie, a SCIM token, a HubSpot signature). Nothing
// may answer 5xx, and every refusal must be in the route's own error format. A route added
// tomorrow is fuzzed without anyone listing it. FUZZ_RUNS sets the runs per handler (CI: default).

// The entry points' request budgets are tested on their own (lib/rate-limit.integration.test.ts);
// here they would only turn most unauthenticated requests into 429s.
vi.hoisted(() => {
  vi.stubEnv("ENTRY_RATE_PER_IP_PER_MINUTE", "1000000");
  vi.stubEnv("ENTRY_RATE_PER_ORG_PER_MINUTE", "1000000");
});

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const publicOrigin = new URL(env.PUBLIC_BASE_URL).origin;

// Loaded while the file is collected, so that each handler is a test of its own.
const handlers = await loadRouteHandlers();
type World = Awaited<ReturnType<typeof world>>;

// Each handler gets a world of its own: what one route changes (a SCIM DELETE of a user, an
// admin's matrix edit) must not decide what the next route's valid credentials can do.
async function world() {
  const { tenant } = await makeTenant();
  const admin = await makeUser(tenant.id, "ADMIN", null, "Fuzz Admin");
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA", "Fuzz Rep");
  const { record, score, model } = await makeScoredRecord(tenant.id, { ownerUserId: rep.id, region: "EMEA" });
  const flag = await db.flag.create({ data: { tenantId: tenant.id, scoreId: score.id, recordId: record.id, userId: rep.id, kind: "TOO_LOW", idempotencyKey: "fuzz-flag-0001" } });
  const { token: scimToken } = await createScimToken(db, tenant.id, "fuzz");
  const hs = await makeHubSpotTenant();
  await makeLinkedUser(hs, "SALES_REP", "EMEA", "9001");
  await makeHubSpotRecord(hs.tenant.id, { externalId: "101", ownerUserId: null, region: "EMEA", scored: true });
  const knownIds = [
    tenant.id, admin.id, rep.id, record.id, record.externalId, score.id, flag.id, model.id, "SALES_REP", "EMEA", "SALESFORCE", "Lead", hs.portalId, "101",
  ];
  // Values that name real things for the params that do, so some requests reach the handler's work.
  const goodParams: Record<string, string> = { provider: "SALESFORCE", objectType: "Lead", externalId: record.externalId, code: "EMEA", key: "SALES_REP", id: flag.id };
  return { tenant, admin, knownIds, goodParams, scimToken, portalId: hs.portalId };
}

type AuthMode = "none" | "garbage" | "valid";

interface Spec {
  auth: AuthMode;
  viaCookie: boolean;
  params: Record<string, string | string[]>;
  query: unknown;
  rawQuery: string;
  body: { kind: "none" } | { kind: "json"; value: unknown } | { kind: "text"; text: string } | { kind: "huge"; bytes: number };
  contentType: string;
  garbage: string;
}

// Params as the file path names them: [id] is one segment, [...rest] one or more.
function paramNames(file: string): Array<{ name: string; many: boolean }> {
  return [...file.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)].map((m) => ({ name: m[2]!, many: Boolean(m[1]) }));
}

function pathOf(file: string, params: Spec["params"]): string {
  const path = file
    .replace(/\/?route\.ts$/, "")
    .split("/")
    .filter((seg) => !/^\(.*\)$/.test(seg))
    .map((seg) => {
      const m = seg.match(/^\[(?:\.\.\.)?([^\]]+)\]$/);
      if (!m) return seg;
      const v = params[m[1]!];
      // The handler gets the params as they are; the URL (only cosmetic here) needs well-formed text.
      return (Array.isArray(v) ? v : [v ?? ""]).map((x) => encodeURIComponent(storableText(x))).join("/");
    })
    .join("/");
  return `/${path}`;
}

function specArb(h: EnumeratedHandler, w: World): fc.Arbitrary<Spec> {
  const meta = h.handler.meta;
  const paramShape = shapeOf(meta?.params);
  const paramValue = (name: string) =>
    fc.oneof(
      hostileString,
      fc.constantFrom(...w.knownIds),
      fc.constant(w.goodParams[name] ?? "x"),
      paramShape[name] ? plausible(paramShape[name]!, w.knownIds).map(String) : fc.uuid(),
    );
  const params = fc.record(
    Object.fromEntries(paramNames(h.file).map(({ name, many }) => [name, many ? fc.array(paramValue(name), { minLength: 1, maxLength: 3 }) : paramValue(name)])),
  ) as fc.Arbitrary<Spec["params"]>;
  const query = fc.oneof(meta?.query ? poisoned(meta.query, w.knownIds) : fc.constant({}), fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }));
  const mutation = !["GET", "HEAD"].includes(h.method);
  const events = fc.array(fc.record({ portalId: fc.constant(Number(w.portalId)), eventId: fc.integer(), subscriptionType: hostileString, objectId: fc.integer(), occurredAt: fc.integer() }), { maxLength: 3 });
  const json = fc.oneof(poisoned(meta?.body, w.knownIds), hostileJson, meta?.auth === "hubspot" ? events : hostileJson);
  const body: fc.Arbitrary<Spec["body"]> = mutation
    ? fc.oneof(
        { weight: 6, arbitrary: json.map((value) => ({ kind: "json" as const, value })) },
        { weight: 2, arbitrary: fc.oneof(deeplyNestedText, fc.string({ unit: "binary", maxLength: 200 }), fc.constantFrom("{", "[", '{"a":}', "\u0000", "")).map((text) => ({ kind: "text" as const, text })) },
        { weight: 1, arbitrary: fc.constantFrom(70 * 1024, 1100 * 1024).map((bytes) => ({ kind: "huge" as const, bytes })) },
        { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
      )
    : fc.constant({ kind: "none" as const });
  return fc.record({
    auth: fc.constantFrom<AuthMode>("valid", "valid", "valid", "none", "garbage"),
    viaCookie: fc.boolean(),
    params,
    query,
    rawQuery: fc.array(rawQueryPiece, { maxLength: 2 }).map((p) => p.join("&")),
    body,
    contentType: contentTypes(meta?.bodyFormat ?? "json"),
    garbage: fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  });
}

function bodyText(spec: Spec, format: "json" | "form"): string | undefined {
  switch (spec.body.kind) {
    case "none":
      return undefined;
    case "text":
      return spec.body.text;
    case "huge":
      return "x".repeat(spec.body.bytes);
    case "json": {
      const v = spec.body.value;
      if (format === "form" && v && typeof v === "object" && !Array.isArray(v)) {
        return new URLSearchParams(Object.entries(v).map(([k, x]) => [k, typeof x === "string" ? x : JSON.stringify(x) ?? ""])).toString();
      }
      return JSON.stringify(v) ?? "";
    }
  }
}

async function build(h: EnumeratedHandler, w: World, spec: Spec): Promise<Request> {
  const meta = h.handler.meta;
  const auth = meta?.auth ?? "public";
  const query = new URLSearchParams();
  const given = spec.query && typeof spec.query === "object" ? spec.query : { q: spec.query };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) query.append(k, typeof v === "string" ? v : JSON.stringify(v) ?? "");
  if (auth === "hubspot" && spec.auth === "valid") query.set("portalId", w.portalId);
  const search = [query.toString(), spec.rawQuery].filter(Boolean).join("&");
  const path = `${pathOf(h.file, spec.params)}${search ? `?${search}` : ""}`;
  const body = bodyText(spec, meta?.bodyFormat ?? "json");
  const headers = new Headers();
  if (body !== undefined && spec.contentType) headers.set("content-type", spec.contentType);
  if (spec.auth === "garbage") {
    headers.set("authorization", `Bearer ${spec.garbage}`);
    headers.set("cookie", `candor.session=${spec.garbage}`);
    headers.set("x-hubspot-signature-v3", spec.garbage);
    headers.set("x-hubspot-request-timestamp", String(Date.now()));
  }
  if (spec.auth === "valid") {
    if (auth === "scim") headers.set("authorization", `Bearer ${w.scimToken}`);
    if (auth === "embed" || (auth === "session" && !spec.viaCookie)) headers.set("authorization", `Bearer ${await tokenFor(w.admin)}`);
    if (auth === "sso" || (auth === "session" && spec.viaCookie)) {
      headers.set("cookie", await ssoCookieFor(w.admin));
      headers.set("origin", publicOrigin);
    }
    if (auth === "hubspot") {
      const signed = hubspotRequest(path, { method: h.method as "GET" | "POST", rawBody: body ?? "" });
      signed.headers.forEach((v, k) => {
        if (k !== "content-type") headers.set(k, v);
      });
    }
  }
  return new Request(`http://127.0.0.1:3000${path}`, { method: h.method, headers, body: ["GET", "HEAD"].includes(h.method) ? undefined : body });
}

async function check(h: EnumeratedHandler, w: World, spec: Spec) {
  const req = await build(h, w, spec);
  const res = await h.handler(req, { params: Promise.resolve(spec.params as Record<string, string>) });
  const text = await res.text();
  const where = `${h.key} answered ${res.status}: ${text.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  const meta = h.handler.meta;
  if (!meta || res.status < 400) return;
  const type = res.headers.get("content-type") ?? "";
  if (meta.errors === "scim") {
    expect(type, where).toMatch(/^application\/scim\+json/);
    expect(JSON.parse(text), where).toMatchObject({ schemas: [SCIM_ERROR], status: String(res.status) });
  } else if (meta.errors === "html") {
    expect(type, where).toMatch(/^text\/html/);
    expect(text, where).toMatch(/^<!doctype html>/i);
  } else {
    expect(type, where).toBe("application/problem+json");
    expect(JSON.parse(text), where).toMatchObject({ status: res.status, code: expect.any(String), requestId: expect.any(String) });
  }
}

describe("fuzzing every route file", () => {
  it("enumerates every route file's handlers", () => {
    expect(new Set(handlers.map((h) => h.file))).toEqual(new Set(routeFiles()));
    expect(handlers.length).toBeGreaterThan(50);
  });

  it.each(handlers.map((h) => [h.key, h] as const))("%s", async (_key, h) => {
    const w = await world();
    await fc.assert(fc.asyncProperty(specArb(h, w), (spec) => check(h, w, spec)), { numRuns: RUNS, endOnFailure: true });
  });
});
