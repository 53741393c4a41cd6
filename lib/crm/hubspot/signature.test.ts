import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signedRequest } from "@/sandbox/hubspot/signing";
import { MAX_AGE_MS, rawPathAndQuery, signedUri, verifyV3 } from "./signature";

// The verifier against an independent signer (the HubSpot stand-in's, which signs as HubSpot does
// for hubspot.fetch and webhooks), over arbitrary secrets, paths, queries and bodies.

const NOW = 1_767_225_600_000;
const BASE = "https://candor.example.com";

// Path and query characters, including the escapes HubSpot decodes and ones it does not.
const segment = fc.array(fc.constantFrom(..."abcXYZ019-._~", "%3A", "%2F", "%40", "%21", "%2C", "%3B", "%20", "%3D", "%25", "@", ":", "!"), { maxLength: 12 }).map((a) => a.join(""));
const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => `/${s.join("/")}`);
const query = fc.option(fc.array(fc.tuple(segment, segment), { maxLength: 3 }).map((kv) => kv.map(([k, v]) => `${k}=${v}`).join("&")), { nil: undefined });
const request = fc.record({
  secret: fc.string({ minLength: 1 }),
  method: fc.constantFrom("GET", "POST"),
  path,
  query,
  body: fc.string(),
  age: fc.integer({ min: -MAX_AGE_MS, max: MAX_AGE_MS }),
});

function signed(r: { secret: string; method: string; path: string; query?: string; body: string; age: number }, base = BASE) {
  const pathAndQuery = r.query === undefined ? r.path : `${r.path}?${r.query}`;
  const init = signedRequest({ clientSecret: r.secret, method: r.method, url: `${base}${pathAndQuery}`, body: r.body, now: NOW - r.age });
  return {
    // What Next hands the route: the internal origin, the raw path and query.
    requestUrl: `http://10.0.0.7:3000${pathAndQuery}`,
    signature: init.headers["X-HubSpot-Signature-v3"]!,
    timestamp: init.headers["X-HubSpot-Request-Timestamp"]!,
  };
}

const verify = (r: { secret: string; method: string; body: string }, s: ReturnType<typeof signed>, over: Partial<Parameters<typeof verifyV3>[0]> = {}) =>
  verifyV3({ secret: r.secret, method: r.method, uri: signedUri(BASE, s.requestUrl), body: r.body, signature: s.signature, timestamp: s.timestamp, now: NOW, ...over });

describe("HubSpot signature v3", () => {
  it("accepts every request HubSpot signed within five minutes, whatever its path, query and body", () => {
    fc.assert(fc.property(request, (r) => verify(r, signed(r)).ok), { numRuns: 400 });
  });

  it("rebuilds the URI from the public base URL, so a proxy's internal origin does not matter", () => {
    fc.assert(
      fc.property(request, (r) => {
        const s = signed(r);
        expect(verifyV3({ secret: r.secret, method: r.method, uri: `http://10.0.0.7:3000${rawPathAndQuery(s.requestUrl)}`, body: r.body, signature: s.signature, timestamp: s.timestamp, now: NOW }))
          .toEqual({ ok: false, reason: "bad_signature" });
        expect(verifyV3({ secret: r.secret, method: r.method, uri: signedUri(`${BASE}/`, s.requestUrl), body: r.body, signature: s.signature, timestamp: s.timestamp, now: NOW }).ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("refuses any change to the secret, method, body, path or timestamp", () => {
    fc.assert(
      fc.property(request, fc.string({ minLength: 1 }), (r, extra) => {
        const s = signed(r);
        const bad = { ok: false, reason: "bad_signature" };
        expect(verify({ ...r, secret: r.secret + extra }, s)).toEqual(bad);
        expect(verify({ ...r, method: r.method === "GET" ? "POST" : "GET" }, s)).toEqual(bad);
        expect(verify({ ...r, body: r.body + extra }, s)).toEqual(bad);
        expect(verify(r, { ...s, requestUrl: s.requestUrl.replace(/\?|$/, "x$&") })).toEqual(bad);
        // One millisecond, towards now, so the window check passes and the signature decides.
        expect(verify(r, s, { timestamp: String(Number(s.timestamp) + (r.age > 0 ? 1 : -1)) })).toEqual(bad);
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a request older or newer than five minutes, before looking at the signature", () => {
    fc.assert(
      fc.property(request, fc.integer({ min: 1, max: 10 * MAX_AGE_MS }), fc.boolean(), (r, beyond, past) => {
        const s = signed({ ...r, age: past ? MAX_AGE_MS + beyond : -MAX_AGE_MS - beyond });
        return verify(r, s).ok === false && (verify(r, s) as { reason: string }).reason === "stale";
      }),
      { numRuns: 200 },
    );
  });

  it("refuses missing or malformed headers", () => {
    const r = { secret: "s", method: "POST", path: "/api/v1/hubspot/card", body: "{}", age: 0 };
    const s = signed(r);
    expect(verify(r, { ...s, signature: "" })).toEqual({ ok: false, reason: "missing" });
    expect(verify(r, s, { signature: null })).toEqual({ ok: false, reason: "missing" });
    expect(verify(r, s, { timestamp: null })).toEqual({ ok: false, reason: "missing" });
    expect(verify(r, s, { timestamp: "1e12" })).toEqual({ ok: false, reason: "stale" });
    expect(verify(r, s, { signature: s.signature.slice(0, -2) })).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("takes the raw path and query as they arrived", () => {
    expect(rawPathAndQuery("http://h:1/a/b%2Fc?x=%3A1&y")).toBe("/a/b%2Fc?x=%3A1&y");
    expect(rawPathAndQuery("http://h:1?x=1")).toBe("/?x=1");
    expect(rawPathAndQuery("https://h")).toBe("/");
    expect(signedUri("https://candor.example.com/", "http://internal/api?q=1#frag")).toBe("https://candor.example.com/api?q=1");
  });
});
