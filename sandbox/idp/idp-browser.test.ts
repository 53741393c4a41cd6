import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_IDP_USERS, startIdp, type Idp } from "./index";
import { DEACTIVATED_MESSAGE, INVALID_CREDENTIALS_MESSAGE } from "./interaction-routes";
import { basicAuth, pkcePair } from "@/test/support/idp";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../playwright.config";
const CLIENT_ID = "candor-web";
const CLIENT_SECRET = "test-only-client-secret";

let app: Server;
let callbackUrl: string;
let idp: Idp;
let browser: Browser;

beforeAll(async () => {
  // Stands in for Candor's callback route: a page the browser can land on after the redirect.
  app = createServer((_req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.end("<!doctype html><title>Candor callback</title><p>Signed in</p>");
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  callbackUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/auth/callback/acme`;
  [idp, browser] = await Promise.all([
    startIdp({
      port: 0,
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [callbackUrl] }],
      users: DEMO_IDP_USERS,
    }),
    chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await idp?.close();
  app?.closeAllConnections();
  await new Promise((resolve) => app?.close(resolve));
});

it("signs a manager in through the real sign-in page in Chromium", async () => {
  const manager = DEMO_IDP_USERS.find((user) => user.email === "manager.na@acme.example")!;
  const { verifier, challenge } = pkcePair();
  const authorize = new URL("/auth", idp.issuer);
  authorize.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: callbackUrl,
    response_type: "code",
    scope: "openid email profile groups",
    state: "browser-state",
    code_challenge: challenge,
    code_challenge_method: "S256",
  }).toString();

  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(authorize.href);
    expect(await page.title()).toBe("Acme Identity (local)");
    expect(await page.getByText("data.scientist@acme.example").count()).toBe(1);

    await page.getByLabel("Email").fill(manager.email);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toBe(INVALID_CREDENTIALS_MESSAGE);

    idp.setUserActive(manager.sub, false);
    await page.getByLabel("Password").fill(manager.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText(DEACTIVATED_MESSAGE).waitFor();
    idp.setUserActive(manager.sub, true);

    await page.getByLabel("Password").fill(manager.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.href.startsWith(callbackUrl));
    expect(await page.textContent("p")).toBe("Signed in");

    const landed = new URL(page.url());
    expect(landed.searchParams.get("state")).toBe("browser-state");
    const token = await fetch(new URL("/token", idp.issuer), {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: basicAuth(CLIENT_ID, CLIENT_SECRET),
      },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: landed.searchParams.get("code") ?? "",
        redirect_uri: callbackUrl,
        code_verifier: verifier,
      }),
    });
    expect(token.status).toBe(200);
  } finally {
    idp.setUserActive(manager.sub, true);
    await context.close();
  }
});
