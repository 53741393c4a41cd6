import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// The migration history as SQL scripts, in order: the same files `prisma migrate deploy` applies.
export function migrationScripts(root = path.resolve(import.meta.dirname, "../..")): Array<{ name: string; sql: string }> {
  const dir = path.join(root, "prisma", "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(path.join(dir, name, "migration.sql"), "utf8") }));
}
