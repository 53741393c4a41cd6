// `npm run test:scale`: the scale-out fault test at full size (scripts/scale/run.ts); the small
// size (`-- --size small`) runs in `npm test`. Needs PostgreSQL (DATABASE_URL): a fresh database
// is made on it.
import { parseArgs } from "node:util";
import { freshDatabase } from "@/test/support/fresh-database";

const { values } = parseArgs({ options: { size: { type: "string", default: "full" } } });

if (!process.env.DATABASE_URL) {
  console.error("npm run test:scale needs DATABASE_URL (PostgreSQL): app and worker processes share it.");
  process.exit(2);
}
Object.assign(process.env, await freshDatabase(process.env.DATABASE_URL, "candor_scale"), { LOG_LEVEL: "error" });
const { FULL, runScaleTest, SMALL, violations } = await import("./scale/run");
const started = Date.now();
const report = await runScaleTest(values.size === "small" ? SMALL : FULL, (line) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s ${line}`));
console.log(JSON.stringify(report, null, 2));
const problems = violations(report);
console.log(problems.length === 0 ? `All held, in ${Math.round((Date.now() - started) / 1000)} s.` : `Violations:\n- ${problems.join("\n- ")}`);
process.exit(problems.length === 0 ? 0 : 1);
