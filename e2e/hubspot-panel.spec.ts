import { expect, test } from "@playwright/test";
import { expectAboveTheFold, expectFrameSize } from "./panel-fold";
import { e2eStack } from "./stack";
import { expectNoSeriousA11yViolations } from "./support/a11y";

// The HubSpot journey: a rep opens a contact in the HubSpot stand-in, the Candor card shows the
// score (fetched by HubSpot's signed hubspot.fetch), "Open in Candor" opens the panel in HubSpot's
// iframe modal (cross-site, third-party cookies blocked), the rep flags the score and edits the
// flag, and the one note on the contact's timeline in HubSpot follows.

test("a rep sees the Candor card on a HubSpot contact, flags the score in the modal, edits it, and the note follows in HubSpot", async ({ page }) => {
  const { hubspot } = e2eStack();
  await page.goto(hubspot.recordPageUrl);
  const card = page.locator("#candor-card[data-state=ready]");
  await expect(card.locator(".card-title")).toHaveText("Candor score");
  await expect(card.locator(".score-value")).toHaveText(/^\d{1,3}$/);
  await expect(card.locator(".score-band")).toHaveText(/^[ABCD]$/);
  await expect(card.locator(".score-label")).toContainText("in 100 contacts like this one");
  const score = (await card.locator(".score-value").textContent())!;

  await card.getByRole("button", { name: "Open in Candor" }).click();
  const modal = page.frameLocator("iframe#candor-modal");
  const scoreTile = modal.getByLabel(`Score ${score} out of 100`);
  await expect(scoreTile).toBeVisible();
  await expect(modal.getByRole("heading", { name: "Why this score" })).toBeVisible();

  // At the narrowest frame Candor supports, 400 × 640, the score, its band and the flag action are
  // in view without scrolling, above the modal's "Done" bar.
  await page.locator("iframe#candor-modal").evaluate((f: HTMLIFrameElement) => {
    f.style.width = "400px";
    f.style.height = "640px";
  });
  await expectFrameSize(scoreTile, 400, 640);
  const flagButton = modal.getByRole("button", { name: "This score is wrong" });
  for (const above of [scoreTile, modal.getByText(/^Band [ABCD]$/), flagButton]) await expectAboveTheFold(above);
  const doneTop = await modal.getByRole("button", { name: "Done" }).evaluate((el) => el.getBoundingClientRect().top);
  expect(await flagButton.evaluate((el) => el.getBoundingClientRect().bottom)).toBeLessThanOrEqual(doneTop);
  await expectNoSeriousA11yViolations(page, { include: "iframe#candor-modal" });

  // The panel runs without cookies: inside the cross-site modal this browser refuses an ordinary
  // cookie and keeps a partitioned one (so the refusal is the third-party block).
  const frame = page.frames().find((f) => f.url().includes("/embed/panel"))!;
  expect(new URL(frame.url()).search).toBe("?host=hubspot");
  const stored = await frame.evaluate(() => {
    document.cookie = "candor_probe=1; SameSite=None; Secure; Path=/";
    document.cookie = "candor_partitioned_probe=1; SameSite=None; Secure; Partitioned; Path=/";
    return document.cookie;
  });
  expect(stored).not.toContain("candor_probe=");
  expect(stored).toContain("candor_partitioned_probe=1");

  // Focus moves into the form; Escape closes it and gives focus back to the button.
  await flagButton.click();
  await expect(modal.getByLabel("Score is too high")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(flagButton).toBeFocused();

  await flagButton.click();
  await modal.getByLabel("Score is too high").check();
  await modal.getByLabel(/Comment/).fill("They signed with a competitor last week.");
  await modal.getByRole("button", { name: "Send flag" }).click();
  await expect(modal.getByTestId("flag-status")).toContainText("You flagged: Score is too high");
  await expect(modal.getByTestId("flag-status")).toContainText("Added to HubSpot as a note", { timeout: 20_000 });

  // An edit rewrites the same note.
  await modal.getByRole("button", { name: "Edit" }).click();
  await modal.getByLabel(/Comment/).fill("They signed with a competitor last week, for three years.");
  await modal.getByRole("button", { name: "Save changes" }).click();
  await expect(modal.getByTestId("flag-status")).toContainText("HubSpot note updated", { timeout: 20_000 });

  // "Done" closes HubSpot's modal; the card reloads behind it.
  await modal.getByRole("button", { name: "Done" }).click();
  await expect(page.locator("#candor-modal-overlay")).toHaveCount(0);
  await expect(card.locator(".score-value")).toHaveText(score);

  await page.reload();
  const note = page.locator("#timeline .timeline-item.note").filter({ hasText: "Candor score flagged: Score is too high" });
  await expect(note).toHaveCount(1);
  await expect(note).toContainText("They signed with a competitor last week, for three years.");
  await expect(page.locator('[data-property="candor_score"] dd')).toHaveText(/^\d{1,3}$/);
});

test("a Candor link from the card opens once: a replay gets a 401 page that says to reopen the card", async ({ page, context }) => {
  const { hubspot } = e2eStack();
  await page.goto(hubspot.recordPageUrl);
  await page.locator("#candor-card[data-state=ready]").getByRole("button", { name: "Open in Candor" }).click();
  await expect(page.frameLocator("iframe#candor-modal").getByRole("heading", { name: "Why this score" })).toBeVisible();
  const link = (await page.locator("iframe#candor-modal").getAttribute("src"))!;
  expect(link).toMatch(/\/embed\/hubspot\?token=/);

  const replay = await context.newPage();
  const res = await replay.goto(link);
  expect(res!.status()).toBe(401);
  await expect(replay.getByRole("heading", { name: "This Candor link was already used" })).toBeVisible();
  await expect(replay.getByText(/click “Open in Candor” on the record's Candor card again/)).toBeVisible();

  const forged = await replay.goto(link.replace(/token=[^&]+/, "token=not-a-token"));
  expect(forged!.status()).toBe(401);
  await expect(replay.getByRole("heading", { name: "This Candor link is not valid" })).toBeVisible();
});

test("HubSpot's endpoints refuse requests HubSpot did not sign", async ({ request }) => {
  const stack = e2eStack();
  const card = await request.post(`${stack.appUrl}/api/v1/hubspot/card`, {
    data: { portalId: Number(stack.hubspot.portalId), userId: Number(stack.hubspot.userId), userEmail: stack.hubspot.rep, objectId: Number(stack.hubspot.contactId), objectTypeId: "0-1" },
  });
  expect(card.status()).toBe(401);
  expect(card.headers()["content-type"]).toBe("application/problem+json");
  const webhook = await request.post(`${stack.appUrl}/api/webhooks/hubspot`, {
    data: [{ eventId: 1, portalId: Number(stack.hubspot.portalId), occurredAt: Date.now(), subscriptionType: "contact.propertyChange", objectId: 1 }],
    headers: { "X-HubSpot-Signature-v3": "AAAA", "X-HubSpot-Request-Timestamp": String(Date.now()) },
  });
  expect(webhook.status()).toBe(401);
});
