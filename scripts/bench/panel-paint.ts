// What a rep waits for, measured in Chromium on the Salesforce stand-in's record page: from the
// signed request (the Canvas frame's form POST to Candor) to the score painted in the iframe, and
// the JavaScript the embed route makes the browser load.
//
// The paint time is the score's Element Timing entry (`elementtiming="candor-score"`), read inside
// the panel's document: its clock starts with the navigation that began at the signed POST (the
// 303 to /embed/panel is part of that navigation), so it covers the POST, the redirect, the page,
// its scripts, the session exchange and the insight request.
import { gzipSync } from "node:zlib";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../../playwright.config";

export interface Phases {
  /** The signed POST, the 303 and the panel document, received. */
  document: number;
  /** The last of the page's scripts, received. */
  scripts: number;
  /** The bootstrap code traded for a bearer token: request start → response end. */
  sessionStart: number;
  sessionEnd: number;
  /** GET …/insight: request start → response end. */
  insightStart: number;
  insightEnd: number;
  /** The score's Element Timing entry. */
  painted: number;
}

export interface PaintFigures {
  firstVisit: Phases[];
  cached: Phases[];
  js: { files: number; rawBytes: number; gzipBytes: number };
}

// Everything on the panel document's own clock (0 = the signed POST's navigation start).
async function paintOnce(page: Page, recordPageUrl: string): Promise<Phases> {
  await page.goto(recordPageUrl);
  const frame = page.frameLocator("#candor-canvas");
  const score = frame.locator('[elementtiming="candor-score"]');
  await score.waitFor({ timeout: 30_000 });
  return score.evaluate(
    () =>
      new Promise<Phases>((resolve, reject) => {
        setTimeout(() => reject(new Error("no Element Timing entry for the score")), 15_000);
        new PerformanceObserver((list) => {
          const entry = list.getEntries().find((e) => (e as PerformanceEntry & { identifier?: string }).identifier === "candor-score") as
            | (PerformanceEntry & { renderTime: number; loadTime: number })
            | undefined;
          if (!entry) return;
          // No named functions in here: tsx would wrap them in a helper the browser does not have.
          const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
          const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
          const session = resources.find((r) => r.name.includes("/api/v1/embed/session"));
          const insight = resources.find((r) => r.name.includes("/insight"));
          resolve({
            document: nav.responseEnd,
            scripts: Math.max(0, ...resources.filter((r) => r.initiatorType === "script").map((r) => r.responseEnd)),
            sessionStart: session?.startTime ?? NaN,
            sessionEnd: session?.responseEnd ?? NaN,
            insightStart: insight?.startTime ?? NaN,
            insightEnd: insight?.responseEnd ?? NaN,
            painted: entry.renderTime || entry.loadTime,
          });
        }).observe({ type: "element", buffered: true });
      }),
  );
}

async function embedScripts(browser: Browser, recordPageUrl: string, appOrigin: string) {
  const page = await browser.newPage();
  const urls = new Set<string>();
  page.on("response", (res) => {
    if (res.request().resourceType() === "script" && res.url().startsWith(appOrigin)) urls.add(res.url());
  });
  await paintOnce(page, recordPageUrl);
  await page.close();
  // Static chunks are immutable: fetching them again gives the bytes the browser loaded.
  const all = await Promise.all([...urls].map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer())));
  return {
    files: all.length,
    rawBytes: all.reduce((s, b) => s + b.length, 0),
    gzipBytes: all.reduce((s, b) => s + gzipSync(b).length, 0),
  };
}

/** `runs` first visits (fresh browser profile each) and `runs` visits with the scripts cached. */
export async function measurePanelPaint(recordPageUrl: string, appOrigin: string, runs: number): Promise<PaintFigures> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const js = await embedScripts(browser, recordPageUrl, appOrigin);
    const firstVisit: Phases[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      firstVisit.push(await paintOnce(await context.newPage(), recordPageUrl));
      await context.close();
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    await paintOnce(page, recordPageUrl);
    const cached: Phases[] = [];
    for (let i = 0; i < runs; i++) cached.push(await paintOnce(page, recordPageUrl));
    await context.close();
    return { firstVisit, cached, js };
  } finally {
    await browser.close();
  }
}

/** The median of each phase over the runs. */
export function medianPhases(runs: Phases[]): Phases {
  const keys = Object.keys(runs[0]!) as Array<keyof Phases>;
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))])) as unknown as Phases;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
