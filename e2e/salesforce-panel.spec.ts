import { expect, test } from "@playwright/test";
import { expectAboveTheFold, expectFrameSize } from "./panel-fold";
import { e2eStack } from "./stack";
import { expectNoSeriousA11yViolations } from "./support/a11y";

// The foundation journey: a rep opens a lead in the Salesforce stand-in, Candor loads in the
// Canvas iframe (400 × 640, cross-site, third-party cookies blocked) with the score, its band, the
// top reasons and the flag action in view without scrolling; the rep flags the score, edits the
// flag and withdraws it, and the one Task in Salesforce follows each step.
test("a rep sees the score in Salesforce, flags it, edits and withdraws the flag, and the Task follows", async ({ page }) => {
  const stack = e2eStack();
  await page.goto(stack.recordPageUrl);
  const panel = page.frameLocator("#candor-canvas");

  const score = panel.getByLabel(/^Score \d+ out of 100$/);
  await expect(score).toBeVisible();
  await expect(panel.getByText(/in 100 leads like this one converted within 90 days/)).toBeVisible();
  await expect(panel.getByTestId("score-arithmetic")).toContainText("A typical lead scores");
  await expect(panel.getByRole("heading", { name: "Why this score" })).toBeVisible();
  await expect(panel.getByRole("heading", { name: "Summary" })).toBeVisible();
  await expect(panel.getByText(/by model/)).toBeVisible();

  const flagButton = panel.getByRole("button", { name: "This score is wrong" });
  await expectFrameSize(score, 400, 640);
  for (const above of [score, panel.getByText(/^Band [ABCD]$/), panel.getByTestId("top-reasons"), flagButton]) await expectAboveTheFold(above);
  await expectNoSeriousA11yViolations(page, { include: "#candor-canvas" });

  // The session works without cookies: this browser refuses an ordinary cookie set inside the
  // cross-site iframe, while it keeps a partitioned one (so the refusal is the third-party block,
  // not a cookie the browser could never store).
  const frame = page.frames().find((f) => f.url().includes("/embed/panel"))!;
  const stored = await frame.evaluate(() => {
    document.cookie = "candor_probe=1; SameSite=None; Secure; Path=/";
    document.cookie = "candor_partitioned_probe=1; SameSite=None; Secure; Partitioned; Path=/";
    return document.cookie;
  });
  expect(stored).not.toContain("candor_probe=");
  expect(stored).toContain("candor_partitioned_probe=1");

  // Focus moves into the form; Escape closes it and gives focus back to the button.
  await flagButton.click();
  await expect(panel.getByLabel("Score is too high")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(panel.getByRole("form", { name: "Flag this score" })).toHaveCount(0);
  await expect(flagButton).toBeFocused();

  await flagButton.press("Enter");
  await panel.getByLabel("Score is too high").check();
  await panel.getByLabel(/Comment/).fill("They signed with a competitor last week.");
  await panel.getByRole("button", { name: "Send flag" }).click();
  await expect(panel.getByTestId("flag-status")).toContainText("You flagged: Score is too high");
  await expect(panel.getByRole("status").filter({ hasText: "your flag was recorded" })).toBeFocused();
  await expect(flagButton).toHaveCount(0);
  await expect(panel.getByTestId("flag-status")).toContainText("Added to the CRM as a task", { timeout: 20_000 });
  await expectAboveTheFold(panel.getByRole("button", { name: "Edit" }));

  await page.reload();
  await expect(page.locator("#activity li").filter({ hasText: "Candor score flagged: Score is too high" })).toHaveCount(1);
  await expect(panel.getByTestId("flag-status")).toHaveCount(1);

  // Edit: the form opens on the flag as it is; the Task is rewritten, not duplicated.
  await panel.getByRole("button", { name: "Edit" }).click();
  await expect(panel.getByLabel("Score is too high")).toBeFocused();
  await panel.getByLabel("Data is stale or wrong").check();
  await panel.getByLabel(/Comment/).fill("The title changed last month.");
  await panel.getByRole("button", { name: "Save changes" }).click();
  await expect(panel.getByTestId("flag-status")).toContainText("You flagged: Data is stale or wrong");
  await expect(panel.getByTestId("flag-status")).toContainText("CRM task updated", { timeout: 20_000 });
  await page.reload();
  const tasks = page.locator("#activity li").filter({ hasText: /Candor (score flagged|flag withdrawn)/ });
  await expect(tasks).toHaveCount(1);
  await expect(tasks).toContainText("Candor score flagged: Data is stale or wrong");
  await expect(tasks).toContainText("The title changed last month.");

  // Withdraw: Escape keeps the flag and returns focus; confirming closes the Task.
  const withdraw = panel.getByRole("button", { name: "Withdraw" });
  await withdraw.click();
  await expect(panel.getByRole("button", { name: "Keep it" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(withdraw).toBeFocused();
  await withdraw.click();
  await panel.getByRole("button", { name: "Withdraw flag" }).click();
  await expect(panel.getByTestId("flag-status")).toContainText("Withdrawn");
  await expect(panel.getByTestId("flag-status")).toContainText("CRM task closed", { timeout: 20_000 });
  await expect(flagButton).toBeVisible();
  await page.reload();
  await expect(tasks).toHaveCount(1);
  await expect(tasks).toContainText("Candor flag withdrawn: Data is stale or wrong");
  await expect(tasks).toContainText("Completed");
});

test("a lead with a long history still shows its score, top reasons and the flag action without scrolling", async ({ page }) => {
  const stack = e2eStack();
  await page.goto(stack.busyRecordPageUrl);
  const panel = page.frameLocator("#candor-canvas");
  const score = panel.getByLabel(/^Score \d+ out of 100$/);
  await expect(score).toBeVisible();
  await expectFrameSize(score, 400, 640);
  for (const above of [score, panel.getByTestId("top-reasons"), panel.getByRole("button", { name: "This score is wrong" })]) {
    await expectAboveTheFold(above);
  }
  // The rest opens in place and accounts for every point: "the N factors listed add …".
  await panel.getByTestId("more-reasons").locator("summary").first().click();
  const tail = panel.getByTestId("reason-tail");
  await expect(tail.locator("summary")).toHaveText(/^▸?\d+ smaller factors[+−]\d+$/);
  await tail.locator("summary").click();
  await expect(tail.getByRole("listitem").first()).toBeVisible();
  const listed = await panel.getByLabel(/^[+−]\d+ points$/).allTextContents();
  const arithmetic = (await panel.getByTestId("score-arithmetic").textContent())!;
  const [, typical, , value] = /scores (\d+); the (\d+) factors listed add [+−]\d+: (\d+)\./.exec(arithmetic)!;
  const sum = listed.reduce((s, t) => s + Number(t.replace("−", "-")), 0);
  expect(Number(typical) + sum).toBe(Number(/^Score (\d+)/.exec((await score.getAttribute("aria-label"))!)![1]));
  expect(Number(value)).toBe(Number(typical) + sum);
  await expectNoSeriousA11yViolations(page, { include: "#candor-canvas" });
});

test("a tampered or unsigned Canvas request gets a 401 page that says what is wrong", async ({ request }) => {
  const stack = e2eStack();
  const tampered = await request.post(`${stack.appUrl}/embed/salesforce/canvas`, {
    form: { signed_request: `${Buffer.from("x".repeat(32)).toString("base64")}.${Buffer.from("{}").toString("base64")}` },
  });
  expect(tampered.status()).toBe(401);
  expect(await tampered.text()).toContain("Unreadable signed request");
  const missing = await request.post(`${stack.appUrl}/embed/salesforce/canvas`, { form: {} });
  expect(missing.status()).toBe(401);
  expect(await missing.text()).toContain("No signed request");
});

test("embed routes may be framed by the CRMs; other routes refuse framing", async ({ request }) => {
  const stack = e2eStack();
  const embed = await request.get(`${stack.appUrl}/embed/panel`);
  expect(embed.headers()["content-security-policy"]).toContain("frame-ancestors https://*.force.com");
  expect(embed.headers()["x-frame-options"]).toBeUndefined();
  const home = await request.get(`${stack.appUrl}/`);
  expect(home.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(home.headers()["x-frame-options"]).toBe("DENY");
});
