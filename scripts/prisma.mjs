#!/usr/bin/env node
// Runs the Prisma CLI without its native engines: generate and the Wasm schema engine need none,
// but the CLI looks for them unless these point at an existing file (shared/ENVIRONMENT.md).
// The CLI keeps the adapter's database open after migrating, so it runs under a timeout and a
// success line ends it.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const placeholder = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
// Diffing needs no real database; an in-memory one keeps the CLI away from a data folder that a
// running app owns.
const inMemory = args[0] === "migrate" && args[1] === "diff" && !process.env.DATABASE_URL;
const child = spawn(process.execPath, ["node_modules/prisma/build/index.js", ...args], {
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
    ...(inMemory ? { PGLITE_DIR: "memory://" } : {}),
  },
  stdio: ["inherit", "pipe", "inherit"],
});

let out = "";
let succeeded = false;
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  out += chunk.toString();
  if (/All migrations have been successfully applied|No pending migrations to apply/.test(out)) {
    succeeded = true;
    setTimeout(() => child.kill("SIGTERM"), 200);
  }
});
const timer = setTimeout(() => {
  console.error(`prisma ${args.join(" ")}: timed out`);
  child.kill("SIGKILL");
}, 120_000);
child.on("exit", (code) => {
  clearTimeout(timer);
  process.exit(succeeded ? 0 : (code ?? 1));
});
