import { expect, type Locator } from "@playwright/test";

// The rep's panel must work inside the CRM's frame without scrolling: these read the geometry
// from inside the panel's own frame (its window is the frame's viewport).

export async function expectFrameSize(inside: Locator, width: number, height: number) {
  const size = await inside.evaluate(() => ({ width: window.innerWidth, height: window.innerHeight }));
  expect(size).toEqual({ width, height });
}

/** Wholly visible in the frame as first shown: not scrolled, nothing of it below the fold. */
export async function expectAboveTheFold(locator: Locator) {
  const box = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: r.height, viewport: window.innerHeight, scrolled: window.scrollY };
  });
  expect(box.scrolled).toBe(0);
  expect(box.height).toBeGreaterThan(0);
  expect(box.top).toBeGreaterThanOrEqual(0);
  expect(box.bottom).toBeLessThanOrEqual(box.viewport);
}
