import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHubSpotSandbox, type HubSpotSandbox } from "./index.js";
import { TEST_APP, testOptions } from "@/test/support/hubspot-sandbox";
import { startReceiver } from "./test-receiver.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../playwright.config";

const MODAL_PAGE = `<!doctype html><button id="done" onclick='window.parent.postMessage(JSON.stringify({action:"DONE"}), "*")'>Done</button>
<button id="fake" onclick='window.parent.postMessage(JSON.stringify({action:"NOPE"}), "*")'>Other</button>`;

// The same Chromium the e2e suite uses (CHROMIUM_PATH, else Debian's); without it there is nothing to drive.
describe.skipIf(!existsSync(CHROMIUM_PATH))("record page in a browser", () => {
  let browser: Browser;
  let sandbox: HubSpotSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver(TEST_APP.clientSecret, (req, res) => {
      if (req.method === "GET") return res.writeHead(200, { "Content-Type": "text/html" }).end(MODAL_PAGE);
      const { objectId } = JSON.parse(req.body) as { objectId: number };
      if (objectId === 102) return res.writeHead(403, { "Content-Type": "application/json" }).end('{"message":"no access"}');
      res.writeHead(200, { "Content-Type": "application/json" }).end(
        JSON.stringify({
          title: "Ada's score",
          score: { value: 87, band: "high", label: "Likely to convert" },
          reasons: [
            { text: "Pricing page visits", points: 12 },
            { text: "Champion left", points: -8 },
            { text: "Budget confirmed", points: 6 },
            { text: "Fourth reason is cut", points: 1 },
          ],
          openUrl: `${receiver.origin.replace("127.0.0.1", "localhost")}/modal?token=t1`,
        }),
      );
    });
    sandbox = await startHubSpotSandbox(testOptions({ cardFetchUrl: `${receiver.origin}/card` }));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    await receiver?.close();
  });

  it("renders the card, opens the iframe modal and closes it on {action:'DONE'}", async () => {
    const page = await browser.newPage();
    await page.goto(`${sandbox.url}/contacts/4411223/record/0-1/101?as=9001`);
    const card = page.locator("#candor-card[data-state=ready]");
    await card.waitFor();
    expect(await card.locator(".score-value").textContent()).toBe("87");
    expect(await card.locator(".score-band").textContent()).toBe("high");
    expect(await card.locator(".reason").allTextContents()).toEqual(["Pricing page visits+12", "Champion left-8", "Budget confirmed+6"]);
    const cardCalls = receiver.received.filter((r) => r.method === "POST").length;

    await page.getByRole("button", { name: "Open in Candor" }).click();
    const frame = page.locator("iframe#candor-modal");
    await frame.waitFor();
    expect(await frame.getAttribute("src")).toMatch(/^http:\/\/localhost:\d+\/modal\?token=t1$/);
    expect(await frame.evaluate((f: HTMLIFrameElement) => [f.width, f.height, f.style.width, f.style.height])).toEqual(["640", "720", "640px", "720px"]);

    const inner = page.frameLocator("iframe#candor-modal");
    // A listener added after the page's own sees each message after it: once it has seen the
    // other message, the page has handled it too, and the modal must still be open.
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      window.addEventListener("message", (e) => w.seen.push(String(e.data)));
    });
    await inner.locator("#fake").click();
    await page.waitForFunction(() => (window as unknown as { seen: string[] }).seen.some((d) => d.includes("NOPE")));
    expect(await page.locator("#candor-modal-overlay").count()).toBe(1);

    await inner.locator("#done").click();
    await page.locator("#candor-modal-overlay").waitFor({ state: "detached" });
    await card.waitFor();
    expect(receiver.received.filter((r) => r.method === "POST").length).toBeGreaterThan(cardCalls);
    await page.close();
  });

  it("shows the error status when the card backend refuses", async () => {
    const page = await browser.newPage();
    await page.goto(`${sandbox.url}/contacts/4411223/record/0-1/102?as=9001`);
    const card = page.locator("#candor-card[data-state=error]");
    await card.waitFor();
    expect(await card.textContent()).toContain("403 Forbidden");
    await page.close();
  });
});
