import { expect, test } from "@playwright/test";
import { e2eStack, signIn } from "./support/sign-in";

// Issue 9's findings, checked against the real server (next start behind the proxy): where the
// sign-in page and next-auth send a browser, what a CR/LF in callbackUrl does, which referrer
// policy the embed really gets, and the second demo tenant working beside the first.

const PROBES = [
  "/\t/evil.example/", "//evil.example", "/\\evil.example", "https://evil.example/dashboard", "/\n/evil.example",
  "/dashboard\r\nSet-Cookie: injected=1", "\r\n", "%2F%2Fevil.example", "javascript:alert(1)",
];

test("a signed-in user's callbackUrl never leads off Candor, and CR/LF in it never breaks the answer (findings 1 and 6)", async ({ page }) => {
  const { appUrl } = e2eStack();
  await signIn(page, "admin@acme.example");
  for (const probe of PROBES) {
    const res = await page.request.get(`${appUrl}/signin?callbackUrl=${encodeURIComponent(probe)}`, { maxRedirects: 0 });
    expect(res.status(), JSON.stringify(probe)).toBe(307);
    expect(new URL(res.headers().location!, appUrl).origin, JSON.stringify(probe)).toBe(appUrl);
    expect(res.headers()["set-cookie"] ?? "", JSON.stringify(probe)).not.toContain("injected");
  }
  // The browser itself, following the probe, stays on Candor.
  await page.goto(`${appUrl}/signin?callbackUrl=${encodeURIComponent("/\t/evil.example/")}`);
  expect(new URL(page.url()).origin).toBe(appUrl);
  await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
});

test("the sign-in page takes any callbackUrl without a 500, and next-auth keeps only a path on Candor", async ({ request }) => {
  const { appUrl } = e2eStack();
  for (const probe of PROBES) {
    const page = await request.get(`${appUrl}/signin?callbackUrl=${encodeURIComponent(probe)}`);
    expect(page.status(), JSON.stringify(probe)).toBe(200);
  }
  for (const [probe, kept] of [["https://evil.example/", "/dashboard"], ["/\t/evil.example/", "/dashboard"], ["/admin/identity\r\nX: y", "/admin/identityX:%20y"]]) {
    const { csrfToken } = (await (await request.get(`${appUrl}/api/auth/csrf`)).json()) as { csrfToken: string };
    const res = await request.post(`${appUrl}/api/auth/signin/candor-sso`, { form: { csrfToken, callbackUrl: probe!, json: "true" } });
    expect(res.status(), probe).toBe(200);
    const cookie = (await request.storageState()).cookies.find((c) => c.name === "candor.callback-url");
    expect(decodeURIComponent(cookie!.value), probe).toBe(`${appUrl}${kept}`);
  }
});

test("the HubSpot entry point sends no referrer, whatever the route itself answers (finding 7)", async ({ request }) => {
  const { appUrl } = e2eStack();
  const forged = await request.get(`${appUrl}/embed/hubspot?token=forged.token.value`);
  expect(forged.status()).toBe(401);
  expect(forged.headers()["referrer-policy"]).toBe("no-referrer");
  expect((await request.get(`${appUrl}/signin`)).headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("the second demo tenant has its own Salesforce org and HubSpot portal, each showing its own scores", async ({ page }) => {
  const { secondTenant, salesforceUrl } = e2eStack();
  expect(new URL(secondTenant.salesforceUrl).origin).not.toBe(new URL(salesforceUrl).origin);
  await page.goto(secondTenant.recordPageUrl);
  const panel = page.frameLocator("#candor-canvas");
  await expect(panel.getByLabel(/^Score \d+ out of 100$/)).toBeVisible();
  await expect(panel.getByRole("heading", { name: "Why this score" })).toBeVisible();

  await page.goto(secondTenant.hubspot.recordPageUrl);
  const card = page.locator("#candor-card[data-state=ready]");
  await expect(card.locator(".score-value")).toHaveText(/^\d{1,3}$/);
});
