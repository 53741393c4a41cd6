import { describe, expect, it } from "vitest";
import { assignmentFor, type MappingRule } from "./roles";

const MAPPINGS: MappingRule[] = [
  { groupDisplayName: "candor-admins", role: "ADMIN", region: null, priority: 50 },
  { groupDisplayName: "candor-sales-managers", role: "SALES_MANAGER", region: null, priority: 20 },
  { groupDisplayName: "candor-sales-reps", role: "SALES_REP", region: null, priority: 10 },
  { groupDisplayName: "candor-region-emea", role: "SALES_REP", region: "EMEA", priority: 0 },
  { groupDisplayName: "candor-region-na", role: "SALES_REP", region: "NA", priority: 0 },
];

describe("assignmentFor", () => {
  it("takes the role from the highest-priority group and the region from a region group", () => {
    expect(assignmentFor(["candor-sales-managers", "candor-region-emea"], MAPPINGS)).toEqual({ role: "SALES_MANAGER", region: "EMEA" });
    expect(assignmentFor(["candor-region-na", "candor-sales-reps"], MAPPINGS)).toEqual({ role: "SALES_REP", region: "NA" });
    expect(assignmentFor(["candor-sales-reps", "candor-admins"], MAPPINGS)).toEqual({ role: "ADMIN", region: null });
  });

  it("matches group names case-insensitively and ignores unmapped groups", () => {
    expect(assignmentFor(["Candor-Admins", "everyone"], MAPPINGS)).toEqual({ role: "ADMIN", region: null });
  });

  it("returns null when no group is mapped, so the caller applies least privilege", () => {
    expect(assignmentFor([], MAPPINGS)).toBeNull();
    expect(assignmentFor(["everyone"], MAPPINGS)).toBeNull();
  });

  it("breaks ties by name, not by the order rows arrive in", () => {
    const tied: MappingRule[] = [
      { groupDisplayName: "b-region", role: "SALES_REP", region: "NA", priority: 5 },
      { groupDisplayName: "a-region", role: "SALES_REP", region: "EMEA", priority: 5 },
    ];
    expect(assignmentFor(["a-region", "b-region"], tied)).toEqual(assignmentFor(["b-region", "a-region"], [...tied].reverse()));
    expect(assignmentFor(["a-region", "b-region"], tied)?.region).toBe("EMEA");
  });
});
