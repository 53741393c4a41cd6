#!/usr/bin/env node
// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the committed schema (git HEAD) to the working one. Offline: the Wasm schema
// engine diffs two datamodels without a database (see scripts/prisma.mjs).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name>");
  process.exit(2);
}
const base = process.argv[3] ?? "HEAD";
const old = path.join(tmpdir(), `schema-${process.pid}.prisma`);
writeFileSync(old, execFileSync("git", ["show", `${base}:prisma/schema.prisma`]));
const diff = spawnSync(
  process.execPath,
  ["scripts/prisma.mjs", "migrate", "diff", "--from-schema-datamodel", old, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", env: { ...process.env, DATABASE_URL: "" } },
);
const sql = diff.stdout.trim();
if (diff.status !== 0 || !sql) {
  console.error(diff.stderr || "prisma migrate diff failed");
  process.exit(1);
}
if (sql === "-- This is an empty migration.") {
  console.log("The schema matches the last commit: no migration needed.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), `${sql}\n`);
console.log(`Wrote ${dir}/migration.sql`);
