import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { e2eStack, signIn } from "./support/sign-in";

// The admin's access page: the permission matrix edited with a diff preview and a reason, the
// change applying to the rep's panel on its next load, history and revert, roles created from a
// copy, regions as reference data, "check access", and two admins editing at once.

const ADMIN = "admin@acme.example";
test.describe.configure({ mode: "serial" });

async function openMatrix(page: Page) {
  await signIn(page, ADMIN, "/admin/access");
  await expect(page.getByRole("heading", { level: 1, name: "Access & roles" })).toBeVisible();
  return page.getByRole("region", { name: "Permission matrix" });
}

async function panelOf(page: Page) {
  const stack = e2eStack();
  await page.goto(stack.recordPageUrl);
  const fullName = (await page.locator('h1[data-field="Name"]').textContent())!.trim();
  const panel = page.frameLocator("#candor-canvas");
  await expect(panel.getByLabel(/^Score \d+ out of 100$/)).toBeVisible();
  // lib/privacy's masked form of a name: its initials.
  return { panel, fullName, initials: fullName.split(/\s+/).map((w) => `${w[0]!.toUpperCase()}.`).join(" ") };
}

test("the admin narrows reps' access and shows them names; the rep's panel changes on its next load; the history has it and reverts it", async ({ page, browser }) => {
  const rep = await browser.newPage();
  const before = await panelOf(rep);
  await expect(before.panel.getByText(before.fullName)).toHaveCount(0);
  await expect(before.panel.getByText(before.initials).first()).toBeVisible();
  await expect(before.panel.getByLabel(/^[+−-]\d+ points$/).first()).toBeVisible();

  const matrix = await openMatrix(page);
  await expectNoSeriousA11yViolations(page);
  await matrix.getByLabel("Personal data for Sales rep").selectOption("full");
  await matrix.getByLabel("View reasons for Sales rep").selectOption("none");
  await expect(page.getByText("2 unsaved changes")).toBeVisible();
  await page.getByRole("button", { name: "Review and save" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Save version 2 of the matrix?" });
  await expect(dialog.getByRole("listitem")).toHaveText(["Sales rep · Personal data: Masked → Shown", "Sales rep · View reasons: Own records → No"]);
  await expectNoSeriousA11yViolations(page);
  await dialog.getByLabel("Why").fill("Reps work their own leads by name; reasons stay with managers");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved. The new matrix applies on the next request.")).toBeVisible();
  await expect(page.getByText(/^Version 2, saved .* by Sophia Anderson/)).toBeVisible();

  const after = await panelOf(rep);
  await expect(after.panel.getByText(after.fullName).first()).toBeVisible();
  await expect(after.panel.getByLabel(/^[+−-]\d+ points$/)).toHaveCount(0);

  await page.getByRole("tab", { name: "History" }).click();
  const versions = page.getByRole("table", { name: "Matrix versions" });
  await expect(versions.getByRole("row", { name: /Reps work their own leads by name/ })).toContainText("In force");
  await versions.getByRole("row", { name: /Candor's default matrix/ }).getByRole("button", { name: "Revert to version 1" }).click();
  const revert = page.getByRole("alertdialog", { name: "Put version 1 back in force?" });
  await revert.getByLabel("Why").fill("Back to the defaults after the trial");
  await revert.getByRole("button", { name: "Revert" }).click();
  await expect(versions.getByRole("row", { name: /Back to the defaults after the trial/ })).toContainText("Back to 1");

  const reverted = await panelOf(rep);
  await expect(reverted.panel.getByText(reverted.initials).first()).toBeVisible();
  await expect(reverted.panel.getByLabel(/^[+−-]\d+ points$/).first()).toBeVisible();
});

test("a role created as a copy appears in the matrix, and one nobody has can be deleted", async ({ page }) => {
  await openMatrix(page);
  await page.getByRole("tab", { name: "Roles" }).click();
  const form = page.getByRole("form", { name: "New role" });
  await form.getByLabel("Name").fill("SDR lead");
  await expect(form.getByLabel("Key")).toHaveValue("SDR_LEAD");
  await form.getByLabel("Start from").selectOption("SALES_MANAGER");
  await form.getByLabel("Why").fill("SDR team leads review their team's flags");
  await form.getByRole("button", { name: "Create role" }).click();
  const roles = page.getByRole("table", { name: "Roles" });
  await expect(roles.getByRole("row", { name: /SDR lead/ })).toContainText("Yours");
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("tab", { name: "Permission matrix" }).click();
  await expect(page.getByRole("region", { name: "Permission matrix" }).getByLabel("Review flags for SDR lead")).toHaveValue("region");

  await page.getByRole("tab", { name: "Roles" }).click();
  await roles.getByRole("button", { name: "Delete the role SDR lead" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete the role SDR lead?" });
  await confirm.getByLabel("Why").fill("Made by mistake");
  await confirm.getByRole("button", { name: "Delete role" }).click();
  await expect(roles.getByRole("row", { name: /SDR lead/ })).toHaveCount(0);
});

test("regions are reference data: a new one is offered to group mappings, and access is explained per record", async ({ page }) => {
  await openMatrix(page);
  await page.getByRole("tab", { name: "Regions & teams" }).click();
  const form = page.getByRole("form", { name: "Add a region" });
  await form.getByLabel("Code").fill("APAC");
  await form.getByLabel("Name").fill("Asia Pacific");
  await form.getByRole("button", { name: "Add region" }).click();
  await expect(page.getByRole("table", { name: "Regions" }).getByRole("row", { name: /APAC/ })).toContainText("Asia Pacific");
  await expectNoSeriousA11yViolations(page);
  await page.goto(`${e2eStack().appUrl}/admin/identity`);
  await expect(page.getByRole("form", { name: "Add a mapping" }).getByLabel("Region").locator("option")).toContainText(["No region", "Asia Pacific (APAC)"]);

  await page.goto(`${e2eStack().appUrl}/admin/access?tab=check`);
  const check = page.getByRole("form", { name: "Check access" });
  await check.getByLabel("Find a person").fill("Zara");
  const person = check.getByLabel("Person", { exact: true });
  await expect(person.locator("option", { hasText: "Zara Andersson · Sales rep" })).toHaveCount(1);
  await person.selectOption((await person.locator("option", { hasText: "Zara Andersson · Sales rep" }).getAttribute("value"))!);
  await check.getByLabel("Record id").fill(e2eStack().leadId);
  await check.getByRole("button", { name: "Check" }).click();
  const result = page.getByRole("table", { name: "What this person may do on this record" });
  await expect(result.getByRole("row", { name: /View AI scores/ })).toContainText("Allowed");
  await expect(result.getByRole("row", { name: /View AI scores/ })).toContainText("The user owns the record.");
  await expect(result.getByRole("row", { name: /Review flags/ })).toContainText("Denied");
  await expectNoSeriousA11yViolations(page);
});

test("two admins edit at once: the second save is refused with 409 and can be laid over the first", async ({ page, browser }) => {
  const other = await browser.newPage();
  const mine = await openMatrix(page);
  const theirs = await openMatrix(other);
  await theirs.getByLabel("Export for Sales manager").selectOption("own");
  await other.getByRole("button", { name: "Review and save" }).click();
  await other.getByRole("alertdialog").getByLabel("Why").fill("Managers export their own records only");
  await other.getByRole("alertdialog").getByRole("button", { name: "Save" }).click();
  await expect(other.getByText("Saved. The new matrix applies on the next request.")).toBeVisible();

  await mine.getByLabel("Export for Data scientist").selectOption("region");
  await page.getByRole("button", { name: "Review and save" }).click();
  await page.getByRole("alertdialog").getByLabel("Why").fill("Data scientists export by region");
  await page.getByRole("alertdialog").getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alertdialog").getByText(/Someone saved version \d+ while you were editing version \d+/)).toBeVisible();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Lay my changes over the latest version" }).click();
  await expect(mine.getByLabel("Export for Sales manager")).toHaveValue("own");
  await expect(mine.getByLabel("Export for Data scientist")).toHaveValue("region");
  await page.getByRole("button", { name: "Review and save" }).click();
  await page.getByRole("alertdialog").getByLabel("Why").fill("Data scientists export by region");
  await page.getByRole("alertdialog").getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved. The new matrix applies on the next request.")).toBeVisible();

  await page.setViewportSize({ width: 820, height: 1180 });
  await expectNoSeriousA11yViolations(page);
});
