import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../../sandbox/idp/demo-users";
import { e2eStack as baseStack, type E2eStack } from "../stack";

// scripts/stack/demo-stack.ts adds the local IdP's issuer to the manifest.
export const e2eStack = () => baseStack() as E2eStack & { idpUrl: string };

// Signs in to the standalone pages as a person would: open a page, get sent to Candor's sign-in
// page, go through the local IdP (authorization code + PKCE), land back on the page.
export async function signIn(page: Page, email: string, from = "/dashboard") {
  const { appUrl, idpUrl } = e2eStack();
  await page.goto(`${appUrl}${from}`);
  await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(from).replace(/[/]/g, "\\$&")}`));
  await expect(page.getByRole("heading", { name: "Sign in to the dashboards" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in with your company account" }).click();

  await expect(page).toHaveTitle("Acme Identity (local)");
  expect(new URL(page.url()).origin).toBe(idpUrl);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${appUrl}${from}`);
}
