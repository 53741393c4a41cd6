import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "../sandbox/idp/demo-users";
import { e2eStack } from "./stack";

// Signing in to a standalone page through the local IdP, as a person would.
export async function signIn(page: Page, email: string, from = "/dashboard") {
  const { appUrl } = e2eStack();
  await page.goto(`${appUrl}${from}`);
  await expect(page).toHaveURL(new RegExp(`/signin\\?callbackUrl=${encodeURIComponent(from).replace(/[/]/g, "\\$&")}`));
  await expect(page.getByRole("heading", { name: "Sign in to the dashboards" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in with your company account" }).click();

  await expect(page).toHaveTitle("Acme Identity (local)");
  const authorize = new URL(page.url());
  expect(authorize.origin).toBe(e2eStack().idpUrl);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${appUrl}${from}`);
}
