import { expect, test } from "@playwright/test";
import { e2eStack } from "./stack";

// The foundation journey: a rep opens a lead in the Salesforce stand-in, Candor loads in the
// Canvas iframe (cross-site, third-party cookies blocked), the rep flags the score, and the Task
// appears on the record in Salesforce.
test("a rep sees the score in Salesforce, flags it, and the Task lands in Salesforce", async ({ page }) => {
  const stack = e2eStack();
  await page.goto(stack.recordPageUrl);
  const panel = page.frameLocator("#candor-canvas");

  await expect(panel.getByLabel(/^Score \d+ out of 100$/)).toBeVisible();
  await expect(panel.getByText(/in 100 leads like this one converted within 90 days/)).toBeVisible();
  await expect(panel.getByTestId("score-arithmetic")).toContainText("A typical lead scores");
  await expect(panel.getByRole("heading", { name: "Why this score" })).toBeVisible();
  await expect(panel.getByRole("heading", { name: "Summary" })).toBeVisible();
  await expect(panel.getByText(/by model/)).toBeVisible();

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

  await panel.getByRole("button", { name: "This score is wrong" }).click();
  await panel.getByLabel("Score is too high").check();
  await panel.getByLabel(/Comment/).fill("They signed with a competitor last week.");
  const send = panel.getByRole("button", { name: "Send flag" });
  await send.click();
  await expect(panel.getByTestId("flag-status")).toContainText("You flagged: Score is too high");
  await expect(panel.getByRole("button", { name: "This score is wrong" })).toHaveCount(0);
  await expect(panel.getByTestId("flag-status")).toContainText("Added to the CRM as a task", { timeout: 20_000 });

  await page.reload();
  await expect(page.getByText("Candor score flagged: Score is too high")).toBeVisible();
  await expect(page.frameLocator("#candor-canvas").getByTestId("flag-status")).toHaveCount(1);
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
