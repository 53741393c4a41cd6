import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/a11y";
import { e2eStack, signIn } from "./support/sign-in";

// The operations page, end to end: the Salesforce org's admin takes the integration user's edit
// access to a Candor field away; a rep's flag then cannot be written, and the write lands in the
// dead letters with Salesforce's own error. Access restored, the Candor admin replays it and the
// Task appears on the record in Salesforce. The page passes axe without serious violations.

const FIELD = "Task.Candor_Flag_Id__c";

async function setFieldAccess(page: Page, editable: boolean) {
  await page.goto(`${e2eStack().salesforceUrl}/setup/field-security`);
  const toggle = page.getByRole("button", { name: `${editable ? "Allow edit" : "Make read only"}: ${FIELD}` });
  if (await toggle.count()) await toggle.click();
  await expect(page.locator(`[data-field-access="${FIELD}"]`)).toHaveText(editable ? "Edit" : "Read only");
}

test.afterEach(async ({ browser }) => {
  // Whatever happened above, later journeys flag records too.
  const page = await browser.newPage();
  await setFieldAccess(page, true);
  await page.close();
});

test("a write Salesforce refuses becomes a dead letter with its error, and is replayed once the field is editable again", async ({ page, browser }) => {
  const stack = e2eStack();
  await signIn(page, "admin@acme.example", "/admin/operations");
  await expect(page.getByRole("heading", { name: "Operations", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Operations" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("No dead letters")).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Salesforce .*: write-back$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^HubSpot .*: write-back$/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /: throughput$/ })).toHaveCount(2);
  await expect(page.getByTestId("live-workers")).toContainText("1 worker process running");
  await expectNoSeriousA11yViolations(page);
  await page.setViewportSize({ width: 820, height: 1180 });
  await expectNoSeriousA11yViolations(page);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  await page.setViewportSize({ width: 1440, height: 900 });

  const salesforce = await browser.newPage();
  await setFieldAccess(salesforce, false);

  // The rep flags a score; Salesforce refuses the Task for good.
  await salesforce.goto(stack.spareRecordPageUrl);
  const panel = salesforce.frameLocator("#candor-canvas");
  await panel.getByRole("button", { name: "This score is wrong" }).click();
  await panel.getByLabel("Score is too low").check();
  await panel.getByRole("button", { name: "Send flag" }).click();
  await expect(panel.getByTestId("flag-status")).toContainText("You flagged: Score is too low");

  const letter = page.getByRole("row").filter({ has: page.getByTestId("dead-letter") });
  await expect(async () => {
    await page.reload();
    await expect(letter).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(letter).toContainText("Candor score flagged: Score is too low");
  await expect(letter).toContainText("INVALID_FIELD_FOR_INSERT_UPDATE");
  await expect(letter).toContainText("Unable to create/update fields: Candor_Flag_Id__c");

  // The discard dialog asks for a reason and can be left without discarding.
  await letter.getByRole("button", { name: /^Discard/ }).click();
  const dialog = page.getByRole("alertdialog", { name: "Discard this dead letter?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Reason")).toBeFocused();
  await expectNoSeriousA11yViolations(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();

  await setFieldAccess(salesforce, true);
  await letter.getByRole("button", { name: /^Replay/ }).click();
  await expect(page.getByText("Sent again: a worker is delivering it.")).toBeVisible();
  await expect(page.getByText("No dead letters")).toBeVisible();

  await expect(async () => {
    await salesforce.goto(stack.spareRecordPageUrl);
    await expect(salesforce.getByText("Candor score flagged: Score is too low")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
});
