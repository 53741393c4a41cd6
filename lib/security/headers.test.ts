import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

// The proxy's headers replace whatever a route sets (Next applies them last), so what each path
// gets is decided by the proxy: these are the headers a browser really receives.
const headersFor = (path: string) => proxy(new NextRequest(`http://localhost:3000${path}`)).headers;

describe("security headers from the proxy", () => {
  it("sends no referrer from addresses that carry a credential: the HubSpot link, the embed, next-auth and sign-out", () => {
    for (const path of ["/embed/hubspot?token=abc.def.ghi", "/embed/panel?host=hubspot", "/embed/salesforce/canvas", "/api/auth/callback/candor-sso?code=x&state=y", "/api/auth/sign-out"]) {
      expect(headersFor(path).get("referrer-policy"), path).toBe("no-referrer");
    }
  });

  it("keeps strict-origin-when-cross-origin elsewhere", () => {
    for (const path of ["/dashboard", "/signin?callbackUrl=%2Fdashboard", "/api/v1/flags", "/embedded", "/api/authz"]) {
      expect(headersFor(path).get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
    }
  });

  it("lets only the embed be framed, by the CRM hosts", () => {
    expect(headersFor("/embed/panel").get("content-security-policy")).toContain("frame-ancestors https://*.force.com");
    expect(headersFor("/embed/panel").get("x-frame-options")).toBeNull();
    expect(headersFor("/dashboard").get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(headersFor("/dashboard").get("x-frame-options")).toBe("DENY");
  });
});
