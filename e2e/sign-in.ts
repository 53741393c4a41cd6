import { expect, type Page } from "@playwright/test";
import { DEMO_IDP_USERS, DEMO_PASSWORD } from "../sandbox/idp/demo-users";
import { e2eStack } from "./stack";

export const account = (email: string) => DEMO_IDP_USERS.find((u) => u.email === email)!;

// Signs in through Candor's sign-in page and the local IdP, from a standalone page that sent the
// browser there (the path it must come back to).
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
