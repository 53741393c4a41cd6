import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { e2eStack, signIn } from "./support/sign-in";

// The standalone app's shell for every demo role: the navigation shows exactly the pages the
// role may open, the layout holds at a desktop (1440 px) and a tablet (820 px) width, and axe
// finds no serious or critical violation. Then the identity page's destructive actions: each asks
// for confirmation, Cancel (or Escape) keeps the row, Confirm removes or revokes it.

const ROLES = [
  { email: "admin@acme.example", role: "Admin", nav: ["Dashboard", "Access & roles", "Identity & access"] },
  { email: "manager.emea@acme.example", role: "Sales manager", nav: ["Dashboard"] },
  { email: "rep.emea@acme.example", role: "Sales rep", nav: ["Dashboard"] },
  { email: "data.scientist@acme.example", role: "Data scientist", nav: ["Dashboard"] },
  // The default matrix gives compliance officers no dashboards, and their pages are not built yet.
  { email: "compliance@acme.example", role: "Compliance officer", nav: [] },
];

const DESKTOP = { width: 1440, height: 900 };
const TABLET = { width: 820, height: 1180 };

async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBe(0);
}

for (const who of ROLES) {
  test(`${who.role}: the navigation lists ${who.nav.join(" and ") || "no page"}, at 1440 and 820 px`, async ({ page }) => {
    await page.setViewportSize(DESKTOP);
    await signIn(page, who.email);
    await expect(page.getByRole("heading", { level: 1, name: /^Welcome, / })).toBeVisible();

    const sidebar = page.getByRole("navigation", { name: "Main" });
    await expect(sidebar.getByRole("link")).toHaveText(who.nav);
    await expect(page.getByRole("banner")).toContainText(who.role);
    await expect(page.getByRole("button", { name: "Open menu" })).toBeHidden();
    if (who.nav.includes("Dashboard")) {
      await expect(sidebar.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
      await expect(page.getByRole("region", { name: "Open records by score band" })).toBeVisible();
    } else {
      await expect(sidebar).toContainText("Your role has no pages here yet.");
      await expect(page.getByText("Dashboards are not part of your role")).toBeVisible();
      await expect(page.getByRole("region", { name: "Open records by score band" })).toHaveCount(0);
    }
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);

    await page.setViewportSize(TABLET);
    await expect(sidebar).toBeHidden();
    const menuButton = page.getByRole("button", { name: "Open menu" });
    await menuButton.click();
    const menu = page.getByRole("dialog", { name: "Menu" });
    await expect(menu.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveText(who.nav);
    await expect(menu.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await page.keyboard.press("Escape");
    await expect(menu).toBeHidden();
    await expect(menuButton).toBeFocused();
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);
  });
}

test("the identity page asks before removing a mapping or revoking a token, at 1440 and 820 px", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page, "admin@acme.example", "/admin/identity");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Identity & access" })).toHaveAttribute("aria-current", "page");
  await expectNoSeriousA11yViolations(page);

  // A mapping of its own, so the seeded ones (other journeys use them) stay.
  const mappings = page.getByRole("table", { name: "Group to role mappings" });
  await page.getByLabel("Group name").fill("e2e-shell-group");
  await page.getByLabel("Role", { exact: true }).selectOption("DATA_SCIENTIST");
  await page.getByRole("button", { name: "Add mapping" }).click();
  const row = mappings.getByRole("row", { name: /e2e-shell-group\s+Data scientist/ });
  await expect(row).toBeVisible();

  const remove = page.getByRole("button", { name: "Remove mapping for e2e-shell-group" });
  await remove.click();
  const confirm = page.getByRole("alertdialog", { name: "Remove the mapping for e2e-shell-group?" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectNoSeriousA11yViolations(page);
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(remove).toBeFocused();
  await expect(row).toBeVisible();

  await remove.click();
  await confirm.getByRole("button", { name: "Remove mapping" }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toHaveCount(0);
  await page.reload();
  await expect(mappings.getByRole("row", { name: /e2e-shell-group/ })).toHaveCount(0);

  // A SCIM token: Escape cancels, Confirm revokes.
  await page.getByLabel("Token name").fill("e2e shell token");
  await page.getByRole("button", { name: "Create token" }).click();
  const tokens = page.getByRole("table", { name: "SCIM tokens" });
  const token = tokens.getByRole("row", { name: /e2e shell token/ });
  await expect(token).toContainText("Active");
  await page.getByRole("button", { name: "Revoke e2e shell token" }).click();
  const revoke = page.getByRole("alertdialog", { name: "Revoke “e2e shell token”?" });
  await expect(revoke).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(revoke).toBeHidden();
  await expect(token).toContainText("Active");
  await page.getByRole("button", { name: "Revoke e2e shell token" }).click();
  await revoke.getByRole("button", { name: "Revoke token" }).click();
  await expect(token).toContainText("Revoked");
  await expect(page.getByRole("button", { name: "Revoke e2e shell token" })).toHaveCount(0);

  await page.setViewportSize(TABLET);
  await expect(page.getByRole("button", { name: "Open menu" })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
});

test("the dashboard's filters live in the URL: chosen, reloaded, cleared", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page, "manager.emea@acme.example");
  const filters = page.getByRole("search", { name: "Filters" });
  const crm = filters.getByLabel("CRM");
  await expect(crm).toHaveValue("");
  const total = page.getByRole("definition").filter({ hasText: "with a current score" });
  const before = await total.textContent();

  await crm.selectOption("HUBSPOT");
  await expect(page).toHaveURL(/[?&]crm=HUBSPOT\b/);
  await expect(total).not.toHaveText(before!);
  await page.reload();
  await expect(crm).toHaveValue("HUBSPOT");

  await filters.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/crm=/);
  await expect(crm).toHaveValue("");
  await expect(total).toHaveText(before!);
  await expectNoSeriousA11yViolations(page);
});

test("a page the role may not open is not in its navigation and answers 403", async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await signIn(page, "compliance@acme.example");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Identity & access" })).toHaveCount(0);
  const response = await page.goto(`${e2eStack().appUrl}/admin/identity`);
  expect(response?.status()).toBe(403);
  await expectNoSeriousA11yViolations(page);
});
