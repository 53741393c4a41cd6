import { afterEach, describe, expect, it, vi } from "vitest";

// Cookie hardening follows PUBLIC_BASE_URL, read once when lib/env loads: each case loads the
// modules afresh under its own environment.
async function loadWith(vars: Record<string, string>) {
  vi.resetModules();
  // lib/env fills NEXTAUTH_URL in from PUBLIC_BASE_URL; stubbing it undoes that between cases.
  vi.stubEnv("NEXTAUTH_URL", "");
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  return import("./sso");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("SSO cookies", () => {
  it("are __Host- prefixed, Secure, HttpOnly and SameSite=Lax when Candor is served over https", async () => {
    const { SSO_COOKIES, ssoAuthOptions } = await loadWith({ PUBLIC_BASE_URL: "https://candor.example" });
    for (const cookie of Object.values(SSO_COOKIES)) {
      expect(cookie.name).toMatch(/^__Host-candor\./);
      expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
      expect(cookie.options).not.toHaveProperty("domain");
    }
    expect(ssoAuthOptions.useSecureCookies).toBe(true);
  });

  it("drop the prefix and Secure over plain http (local development), and stay HttpOnly and Lax", async () => {
    const { SSO_COOKIES } = await loadWith({ PUBLIC_BASE_URL: "http://localhost:3000" });
    expect(SSO_COOKIES.sessionToken).toEqual({ name: "candor.session", options: { httpOnly: true, sameSite: "lax", path: "/", secure: false } });
    expect(SSO_COOKIES.pkceCodeVerifier.options.maxAge).toBe(900);
  });
});

describe("SSO provider", () => {
  it("runs the code flow with PKCE and state against the configured issuer, and is off without one", async () => {
    const on = await loadWith({ OIDC_ISSUER: "https://acme.okta.example", OIDC_CLIENT_ID: "c", OIDC_CLIENT_SECRET: "s" });
    const provider = on.ssoAuthOptions.providers[0] as unknown as Record<string, unknown>;
    expect(provider).toMatchObject({
      id: "candor-sso", type: "oauth", idToken: true, checks: ["pkce", "state"], issuer: "https://acme.okta.example",
      wellKnown: "https://acme.okta.example/.well-known/openid-configuration",
    });
    const off = await loadWith({ OIDC_ISSUER: "" });
    expect(off.ssoEnabled()).toBe(false);
    expect(off.ssoAuthOptions.providers).toEqual([]);
  });

  it("derives its cookie key from SESSION_SECRET unless NEXTAUTH_SECRET is given", async () => {
    const derived = await loadWith({ SESSION_SECRET: "a".repeat(40) });
    expect(derived.SSO_SECRET).not.toContain("a".repeat(40));
    expect(derived.SSO_SECRET).toHaveLength(43);
    const given = await loadWith({ NEXTAUTH_SECRET: "b".repeat(40) });
    expect(given.SSO_SECRET).toBe("b".repeat(40));
  });
});

describe("after sign-in", () => {
  it("sends the browser only to a path on Candor's own origin, whatever callbackUrl next-auth was given", async () => {
    const { ssoAuthOptions } = await loadWith({ PUBLIC_BASE_URL: "https://candor.example" });
    const redirect = (url: string) => ssoAuthOptions.callbacks!.redirect!({ url, baseUrl: "https://candor.example" });
    expect(await redirect("/admin/identity?tab=scim")).toBe("https://candor.example/admin/identity?tab=scim");
    expect(await redirect("https://candor.example/dashboard")).toBe("https://candor.example/dashboard");
    for (const hostile of ["/\t/evil.example/", "https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "/\r\n/evil.example"]) {
      expect(await redirect(hostile), JSON.stringify(hostile)).toBe("https://candor.example/dashboard");
    }
    expect(await redirect("/dashboard\r\nSet-Cookie: x=1")).toBe("https://candor.example/dashboardSet-Cookie:%20x=1");
  });
});
