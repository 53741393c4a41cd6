import { expect, test } from "@playwright/test";
import { DEMO_IDP_USERS } from "../sandbox/idp/demo-users";
import { e2eStack, signIn } from "./support/sign-in";

// The standalone pages' sign-in, end to end in the browser: Candor's sign-in page → the local IdP
// (authorization code + PKCE, state) → next-auth's callback → a Candor session → dashboard; the
// admin page for an admin, a 403 for a rep; sign-out revokes the session and logs out at the IdP.
const account = (email: string) => DEMO_IDP_USERS.find((u) => u.email === email)!;
const ADMIN = account("admin@acme.example");
const REP = account("rep.emea@acme.example");

test("an admin signs in through the IdP, sees the dashboard and the identity admin page, and signs out", async ({ page, context, request }) => {
  const { appUrl } = e2eStack();
  // The request that leaves for the IdP carries PKCE (S256) and state: the real code flow.
  const toIdp = page.waitForRequest((r) => r.url().startsWith(`${e2eStack().idpUrl}/auth?`));
  const signedIn = signIn(page, ADMIN.email);
  const authorizeUrl = new URL((await toIdp).url());
  expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorizeUrl.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authorizeUrl.searchParams.get("state")).toBeTruthy();
  expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(`${appUrl}/api/auth/callback/candor-sso`);
  await signedIn;

  await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
  await expect(page.getByTestId("profile-role")).toHaveText("Admin");
  await expect(page.getByTestId("profile-signed-in-with")).toHaveText("Company single sign-on");

  const session = (await context.cookies(appUrl)).find((c) => c.name === "candor.session")!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

  await page.getByRole("link", { name: "Identity & access" }).first().click();
  await expect(page.getByRole("heading", { name: "Identity & access", level: 1 })).toBeVisible();
  const mappings = page.getByRole("table", { name: "Group to role mappings" });
  await expect(mappings.getByRole("row", { name: /candor-admins\s+Admin/ })).toBeVisible();
  await expect(mappings.getByRole("row", { name: /candor-region-emea/ })).toContainText("EMEA");

  // A SCIM token is shown once and works at the public /scim/v2 base (the rewrite included).
  await page.getByLabel("Token name").fill("e2e IdP");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-scim-token").textContent())!;
  expect(token).toMatch(/^candor_scim_/);
  await expect(page.getByRole("table", { name: "SCIM tokens" }).getByRole("row", { name: /e2e IdP/ })).toContainText("Active");
  const users = await request.get(`${appUrl}/scim/v2/Users?filter=${encodeURIComponent('userName eq "admin@acme.example"')}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(users.status()).toBe(200);
  expect(users.headers()["content-type"]).toContain("application/scim+json");
  await page.reload();
  await expect(page.getByTestId("new-scim-token")).toHaveCount(0);

  // Sign-out: Candor revokes the session, then the IdP asks to confirm its own logout.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign out of Acme Identity (local)?" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(`${appUrl}/signin?state=signed-out`);
  await expect(page.getByText("You have signed out.")).toBeVisible();

  const replay = await request.get(`${appUrl}/api/v1/admin/identity-settings`, { headers: { cookie: `candor.session=${session.value}` } });
  expect(replay.status()).toBe(401);
  await page.goto(`${appUrl}/dashboard`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard$/);
});

test("a rep signs in, sees their dashboard, and gets a 403 on the identity admin page", async ({ page }) => {
  const { appUrl } = e2eStack();
  await signIn(page, REP.email);
  await expect(page.getByTestId("profile-role")).toHaveText("Sales rep");
  await expect(page.getByTestId("profile-region")).toHaveText("EMEA");
  await expect(page.getByRole("link", { name: "Identity & access" })).toHaveCount(0);

  const response = await page.goto(`${appUrl}/admin/identity`);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Your role does not include this page" })).toBeVisible();

  const api = await page.request.get(`${appUrl}/api/v1/admin/group-role-mappings`);
  expect(api.status()).toBe(403);
});

test("the sign-in page refuses to be framed", async ({ request }) => {
  const res = await request.get(`${e2eStack().appUrl}/signin`);
  expect(res.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(res.headers()["x-frame-options"]).toBe("DENY");
});
