import { expect, it } from "vitest";
import { makeTenant, makeUser } from "@/test/support/fixtures";
import { loadDemoLeads } from "@/test/support/scoring";
import { loadExamples } from "./training";

// Training reads history a page at a time and keeps only feature rows: whatever the page size, the
// examples are the same, read in as many queries as there are pages.
it("pages through closed history into the same examples whatever the page size", async () => {
  const { tenant } = await makeTenant();
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA");
  await loadDemoLeads(tenant.id, { EMEA: rep.id, NA: rep.id });

  const whole = await loadExamples(tenant.id, "Lead", undefined, 10_000);
  const reads: number[] = [];
  const paged = await loadExamples(tenant.id, "Lead", async (read) => void reads.push(read), 37);

  expect(whole.outcomes.length).toBeGreaterThan(100);
  expect(paged).toEqual(whole);
  expect(reads).toHaveLength(Math.floor(whole.outcomes.length / 37) + 1);
  expect(reads.at(-1)).toBe(whole.outcomes.length);
}, 60_000);
