import path from "node:path";
import { defineConfig } from "prisma/config";
import type { migrationAdapter as migrationAdapterType } from "./prisma/pg-migration-adapter";

// Prisma 6.19's Wasm ("js") schema engine migrates without downloading a native binary
// (see shared/ENVIRONMENT.md). The adapter follows the same rule as lib/db.ts: PostgreSQL when
// DATABASE_URL is set, else embedded PGlite in PGLITE_DIR (default .data/pglite).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (url) {
      const { migrationAdapter } = await import("./prisma/pg-migration-adapter");
      return migrationAdapter(url);
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const dir = process.env.PGLITE_DIR ?? path.join(".data", "pglite");
    // Built against an older copy of Prisma's adapter types; the runtime interface matches.
    return new PrismaPGlite(new PGlite(dir)) as unknown as ReturnType<typeof migrationAdapterType>;
  },
});
