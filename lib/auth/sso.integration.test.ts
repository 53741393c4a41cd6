import { beforeAll, describe, expect, it } from "vitest";
import { GET as getSettings, PUT as putSettings } from "@/app/api/v1/admin/identity-settings/route";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { call, makeTenant } from "@/test/support/fixtures";
import { POST as signOutRoute } from "@/app/api/auth/sign-out/route";
import { principalFromRequest, revokeUserSessions } from "./session";
import { SSO_COOKIES, ssoAuthOptions, SSO_SECRET } from "./sso";

// The SSO half of lib/auth: what next-auth's callbacks decide for an OIDC sign-in, and how the
// resulting cookie is honoured (and stops being honoured) by principalFromRequest. The browser
// flow itself, through the local IdP with PKCE, is e2e/sso.spec.ts.
const ISSUER = "https://idp.test.example";
const origin = new URL(env.PUBLIC_BASE_URL).origin;
const settings = call(getSettings);
const updateSettings = call(putSettings);

let tenantId: string;

beforeAll(async () => {
  tenantId = (await makeTenant()).tenant.id;
  await db.tenant.update({ where: { id: tenantId }, data: { ssoIssuer: ISSUER } });
  await db.groupRoleMapping.createMany({
    data: [
      { tenantId, groupDisplayName: "candor-admins", role: "ADMIN", priority: 50 },
      { tenantId, groupDisplayName: "candor-sales-managers", role: "SALES_MANAGER", priority: 20 },
      { tenantId, groupDisplayName: "candor-region-emea", role: "SALES_REP", region: "EMEA", priority: 0 },
    ],
  });
});

// next-auth's own types, taken from the options so this test does not import next-auth itself.
type SignInArgs = Parameters<NonNullable<NonNullable<typeof ssoAuthOptions.callbacks>["signIn"]>>[0];
type User = SignInArgs["user"];
type Account = NonNullable<SignInArgs["account"]>;

interface Claims {
  sub: string;
  email?: string;
  email_verified?: boolean;
  groups?: string[];
  iss?: string;
}

// Runs next-auth's signIn and jwt callbacks as its OAuth callback route does, then encodes the
// cookie with the configured codec.
async function signIn(claims: Claims): Promise<{ redirect?: string; cookie?: string }> {
  const profile = { iss: ISSUER, ...claims };
  const user: User = { id: claims.sub };
  const account: Account = { provider: "candor-sso", type: "oauth", providerAccountId: claims.sub, id_token: "id-token-for-logout" };
  const allowed = await ssoAuthOptions.callbacks!.signIn!({ user, account, profile });
  if (allowed !== true) return { redirect: String(allowed) };
  const token = await ssoAuthOptions.callbacks!.jwt!({ token: {}, user, account, profile, trigger: "signIn" });
  const value = await ssoAuthOptions.jwt!.encode!({ token, secret: SSO_SECRET, maxAge: 3600 });
  return { cookie: `${SSO_COOKIES.sessionToken.name}=${value}` };
}

const request = (cookie: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  new Request(`${origin}/api/v1/admin/identity-settings`, { ...init, headers: { cookie, ...(init.headers ?? {}) } });

describe("SSO sign-in", () => {
  it("maps the OIDC subject to the Candor user, opens an sso Session and applies the groups claim", async () => {
    const user = await db.user.create({
      data: { tenantId, email: "emilia@acme.example", name: "Emilia", role: "SALES_REP", ssoSubject: "acme-manager-emea" },
    });
    const { cookie } = await signIn({ sub: "acme-manager-emea", groups: ["candor-sales-managers", "candor-region-emea"] });
    const principal = await principalFromRequest(request(cookie!));
    expect(principal).toMatchObject({ userId: user.id, tenantId, role: "SALES_MANAGER", region: "EMEA" });
    const session = await db.session.findUniqueOrThrow({ where: { id: principal.sessionId } });
    expect(session.source).toBe("sso");
    const lifetime = session.expiresAt.getTime() - session.createdAt.getTime();
    expect(Math.abs(lifetime - env.SSO_SESSION_HOURS * 3600_000)).toBeLessThan(5_000);
    const audit = await db.auditEvent.findMany({ where: { tenantId, actorUserId: user.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["identity.role.change", "sso.sign_in"]);
  });

  it("links by verified email the first time and by subject afterwards", async () => {
    const user = await db.user.create({ data: { tenantId, email: "new.admin@acme.example", name: "New Admin", role: "SALES_REP" } });
    const first = await signIn({ sub: "okta-00u9", email: "New.Admin@acme.example", email_verified: true, groups: ["candor-admins"] });
    expect((await principalFromRequest(request(first.cookie!))).userId).toBe(user.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).ssoSubject).toBe("okta-00u9");
    const again = await signIn({ sub: "okta-00u9", groups: ["candor-admins"] });
    expect((await principalFromRequest(request(again.cookie!))).role).toBe("ADMIN");
  });

  it("refuses what it cannot map to exactly one active user, and says why", async () => {
    await db.user.create({ data: { tenantId, email: "unverified@acme.example", name: "U", role: "SALES_REP" } });
    await db.user.create({ data: { tenantId, email: "bound@acme.example", name: "B", role: "SALES_REP", ssoSubject: "someone-else" } });
    await db.user.create({ data: { tenantId, email: "off@acme.example", name: "Off", role: "SALES_REP", active: false, ssoSubject: "off" } });
    const base = `${env.PUBLIC_BASE_URL}/signin?error=`;
    expect(await signIn({ sub: "x", iss: "https://evil.example" })).toEqual({ redirect: `${base}unknown_issuer` });
    expect(await signIn({ sub: "nobody", email: "nobody@acme.example", email_verified: true })).toEqual({ redirect: `${base}not_provisioned` });
    expect(await signIn({ sub: "u1", email: "unverified@acme.example", email_verified: false })).toEqual({ redirect: `${base}not_provisioned` });
    expect(await signIn({ sub: "intruder", email: "bound@acme.example", email_verified: true })).toEqual({ redirect: `${base}subject_conflict` });
    expect(await signIn({ sub: "off" })).toEqual({ redirect: `${base}inactive` });
    const denied = await db.auditEvent.count({ where: { action: "sso.sign_in", outcome: "denied" } });
    expect(denied).toBe(5);
  });
});

describe("the SSO cookie as a credential", () => {
  it("serves the API, refuses cross-site writes, and stops at the next request once the session is revoked", async () => {
    const admin = await db.user.create({ data: { tenantId, email: "cookie.admin@acme.example", name: "C", role: "ADMIN", ssoSubject: "cookie-admin" } });
    const { cookie } = await signIn({ sub: "cookie-admin", groups: ["candor-admins"] });
    expect((await settings("/api/v1/admin/identity-settings", { headers: { cookie: cookie! } })).status).toBe(200);

    const body = { unmatchedUserPolicy: "least_privilege" };
    const crossSite = await updateSettings("/api/v1/admin/identity-settings", { method: "PUT", body, headers: { cookie: cookie!, origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    const noOrigin = await updateSettings("/api/v1/admin/identity-settings", { method: "PUT", body, headers: { cookie: cookie! } });
    expect(noOrigin.status).toBe(403);
    const sameSite = await updateSettings("/api/v1/admin/identity-settings", { method: "PUT", body, headers: { cookie: cookie!, origin } });
    expect(sameSite.status).toBe(200);
    expect(sameSite.json.unmatchedUserPolicy).toBe("least_privilege");

    // next-auth splits a large cookie into name.0, name.1, …; the pieces are read back in order.
    const [name, value] = [cookie!.slice(0, cookie!.indexOf("=")), cookie!.slice(cookie!.indexOf("=") + 1)];
    const half = Math.floor(value.length / 2);
    const chunked = `${name}.1=${value.slice(half)}; ${name}.0=${value.slice(0, half)}`;
    expect((await settings("/api/v1/admin/identity-settings", { headers: { cookie: chunked } })).status).toBe(200);

    // A malformed Authorization header is judged alone, never rescued by the cookie.
    const both = await settings("/api/v1/admin/identity-settings", { headers: { cookie: cookie!, authorization: "Bearer !!" } });
    expect(both.status).toBe(401);
    const tampered = await settings("/api/v1/admin/identity-settings", { headers: { cookie: `${cookie!.slice(0, -4)}AAAA` } });
    expect(tampered.status).toBe(401);

    await revokeUserSessions(admin.id);
    const after = await settings("/api/v1/admin/identity-settings", { headers: { cookie: cookie! } });
    expect(after.status).toBe(401);
    expect(after.json.detail).toBe("Your session has ended. Sign in again.");
  });

  it("signs out: revokes the Session row, expires the cookie, and leaves for the sign-in page", async () => {
    await db.user.create({ data: { tenantId, email: "leaver@acme.example", name: "L", role: "SALES_MANAGER", ssoSubject: "leaver" } });
    const { cookie } = await signIn({ sub: "leaver" });
    const principal = await principalFromRequest(request(cookie!));
    const refused = await signOutRoute(request(cookie!, { method: "POST", headers: { origin: "https://evil.example" } }));
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail).toBe("Cross-site request refused.");

    const res = await signOutRoute(request(cookie!, { method: "POST", headers: { origin } }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<meta http-equiv="refresh" content="0; url=${env.PUBLIC_BASE_URL}/signin?state=signed-out">`);
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${SSO_COOKIES.sessionToken.name}=; Path=/; Max-Age=0;.*HttpOnly; SameSite=Lax`));
    expect((await db.session.findUniqueOrThrow({ where: { id: principal.sessionId } })).revokedAt).not.toBeNull();
    await expect(principalFromRequest(request(cookie!))).rejects.toMatchObject({ code: "unauthenticated" });
    expect(await db.auditEvent.count({ where: { action: "sso.sign_out", resourceId: principal.sessionId } })).toBe(1);
  });
});
