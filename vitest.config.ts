import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      "server-only": path.join(root, "test/support/server-only.ts"),
    },
  },
};
const include = (suffix: string) => [`{lib,sandbox,prisma,scripts,app,components,crm}/**/*${suffix}`];

export default defineConfig({
  ...shared,
  test: {
    pool: "forks",
    globalSetup: [path.join(root, "test/global-setup.ts")],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          include: include(".test.{ts,tsx}"),
          exclude: ["**/node_modules/**", "**/*.integration.test.ts"],
          environment: "node",
        },
      },
      {
        ...shared,
        test: {
          name: "integration",
          include: include(".integration.test.ts"),
          exclude: ["**/node_modules/**"],
          environment: "node",
          // Each test file gets its own freshly migrated database (PostgreSQL when DATABASE_URL is
          // set, else an embedded PGlite folder) before any application module loads.
          setupFiles: [path.join(root, "test/setup-db.ts")],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
