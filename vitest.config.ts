import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["{lib,sandbox,prisma,scripts,app,components,crm}/**/*.test.{ts,tsx}"],
    exclude: ["**/node_modules/**", "crm/hubspot/**/node_modules/**"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    server: { deps: { inline: ["server-only"] } },
  },
});
