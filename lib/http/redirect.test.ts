import { validateHeaderValue } from "node:http";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./redirect";

const ORIGIN = "https://candor.example.com";
// Where a browser would be when it follows the answer: a page somewhere under the origin.
const CURRENT_PAGE = `${ORIGIN}/signin?callbackUrl=x`;

// Pieces hostile inputs are made of: separators a browser ignores or rewrites, encoded forms,
// other hosts and schemes, userinfo, dot segments, look-alike slashes.
const PIECES = [
  "/", "//", "\\", "/\\", "\\/", "\t", "\n", "\r", "\r\n", " ", "\u0000", "\u000b", "\u00a0", "\u3000", "\uff0f", "\u2215",
  "%2F", "%2f", "%5C", "%09", "%0A", "%0D", "%00", "%252F", ".", "..", "./", "../", "@", ":", "?", "#", "&",
  "evil.example", "evil.example:443", "candor.example.com", "candor.example.com.evil.example", "user:pw@",
  "http:", "https:", "javascript:", "data:", "file:", "//evil.example", "https://evil.example", "HTTPS://EVIL.EXAMPLE",
  "dashboard", "admin", "Set-Cookie: x=1",
] as const;

const hostile = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((parts) => parts.join("")),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.tuple(fc.constantFrom("/", "\\", "/\t/", "/\n/", "/\r\n/", "\t//", " //", "/%09/"), fc.domain()).map(([p, d]) => `${p}${d}/`),
);

function landsOn(result: string): URL {
  return new URL(result, CURRENT_PAGE);
}

describe("safeRedirectPath", () => {
  it("never answers anything that leaves the origin, however it is written", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const result = safeRedirectPath(input, ORIGIN);
        expect(landsOn(result).origin).toBe(ORIGIN);
        expect(result.startsWith("/")).toBe(true);
        expect(result.startsWith("//")).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it("answers only characters a Location header can carry (no CR, LF, tab, control or non-ASCII)", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const result = safeRedirectPath(input, ORIGIN);
        expect(result).toMatch(/^[\x21-\x7e]+$/);
        expect(() => validateHeaderValue("location", result)).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it("is idempotent: a checked path checks to itself", () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const once = safeRedirectPath(input, ORIGIN);
        expect(safeRedirectPath(once, ORIGIN)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps every ordinary path, query and fragment on the origin as it was", () => {
    // Ordinary: a path that, once resolved, does not begin with "//" (which a browser would read
    // as another host if it came back as a relative Location; the helper collapses those).
    const path = fc.webPath().filter((p) => p.startsWith("/") && !p.startsWith("//") && !new URL(p, ORIGIN).pathname.startsWith("//"));
    fc.assert(
      fc.property(path, fc.webQueryParameters(), fc.webFragments(), (p, q, f) => {
        const target = `${p}${q ? `?${q}` : ""}${f ? `#${f}` : ""}`;
        expect(landsOn(safeRedirectPath(target, ORIGIN)).href).toBe(new URL(target, ORIGIN).href);
      }),
    );
  });

  it("answers the issue's probes with the fallback, or a path on the origin", () => {
    expect(safeRedirectPath("/\t/evil.example/", ORIGIN)).toBe("/dashboard");
    expect(safeRedirectPath("/\\evil.example", ORIGIN)).toBe("/dashboard");
    expect(safeRedirectPath("//evil.example", ORIGIN)).toBe("/dashboard");
    expect(safeRedirectPath("\n//evil.example", ORIGIN)).toBe("/dashboard");
    expect(safeRedirectPath("https://evil.example/dashboard", ORIGIN)).toBe("/dashboard");
    expect(safeRedirectPath("javascript:alert(1)", ORIGIN)).toBe("/dashboard");
    expect(safeRedirectPath("/dashboard\r\nSet-Cookie: x=1", ORIGIN)).toBe("/dashboardSet-Cookie:%20x=1");
    expect(safeRedirectPath("/.//evil.example/x", ORIGIN)).toBe("/evil.example/x");
    expect(safeRedirectPath(`${ORIGIN}/admin/identity?tab=scim#new`, ORIGIN)).toBe("/admin/identity?tab=scim#new");
    expect(safeRedirectPath("/dashboard?view=flags", ORIGIN)).toBe("/dashboard?view=flags");
    expect(safeRedirectPath(undefined, ORIGIN, "/admin")).toBe("/admin");
    expect(safeRedirectPath("", ORIGIN)).toBe("/dashboard");
  });
});
