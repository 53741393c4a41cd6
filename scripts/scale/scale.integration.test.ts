import { expect, it } from "vitest";
import { embeddedDatabase } from "@/lib/db";
import { runScaleTest, SMALL, violations } from "./run";

// The scale-out fault test at its small size (npm run test:scale runs the full one): two app and
// two worker processes on this file's PostgreSQL database, 20 % CRM faults, bursts of throttling,
// five workers killed mid-work.
it.skipIf(embeddedDatabase() !== null)("two app and two worker processes, faults and five killed workers: every write once, newest scores, no job twice, limits kept", async () => {
  const report = await runScaleTest(SMALL, () => undefined);
  expect(violations(report)).toEqual([]);
  expect(report.kills).toBe(5);
  expect(report.flags).toBe(SMALL.flagsPerApp * 2);
  expect(report.jobs).toBeGreaterThan(0);
}, 240_000);
