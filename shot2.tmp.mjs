import { chromium } from "playwright-core";
const [url, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-background-networking","--disable-gpu","--test-third-party-cookie-phaseout"] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1.5 });
await page.goto(url);
await page.waitForTimeout(3000);
const frame = page.frameLocator("#candor-canvas");
if (process.argv[4] === "flag") {
  await frame.getByRole("button", { name: "This score is wrong" }).click();
  await frame.getByLabel("Score is too high").check();
}
await page.locator("#candor-canvas").screenshot({ path: out });
await browser.close();
