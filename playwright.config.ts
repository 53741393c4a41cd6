import { defineConfig } from "@playwright/test";
import { e2ePorts } from "./scripts/stack/ports";

const appUrl = `http://localhost:${e2ePorts().app}`;

// Debian's Chromium (no browser download here). The app and stand-ins come from the demo stack
// in e2e mode: fresh database, separate ports, production build.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-gpu",
  // Blocks third-party cookies, as Safari does by default; e2e/browser.spec.ts proves it.
  "--test-third-party-cookie-phaseout",
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: appUrl,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: {
    // The runner's own Node (the project's pinned runtime) starts the stack.
    command: `"${process.execPath}" node_modules/tsx/dist/cli.mjs scripts/demo.ts --e2e`,
    url: `${appUrl}/`,
    timeout: 300_000,
    reuseExistingServer: false,
    // SIGTERM lets the stack stop its children and drop the run's database (scripts/demo.ts).
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
