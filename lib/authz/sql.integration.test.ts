import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { makeTenant, makeUser } from "@/test/support/fixtures";
import { SCOPES, type Scope } from "./capabilities";
import { emptyRoleGrants } from "./default-matrix";
import { matchScope, type Principal } from "./policy";
import { recordScopeSql, recordWhere, toScoped, SCOPED_RECORD_SELECT } from "./sql";

// Lists and aggregates are scoped in SQL; single records by policy.ts. For arbitrary principals the
// two must agree record for record over a tenant whose records cover every combination of owner,
// team and region (and a second tenant whose records must never appear).

let world: Awaited<ReturnType<typeof build>>;

async function build() {
  const a = await makeTenant();
  const b = await makeTenant();
  const teams = await Promise.all(["One", "Two"].map((name) => db.team.create({ data: { tenantId: a.tenant.id, name, regionCode: "EMEA" } })));
  const users = [];
  for (const [i, region] of (["EMEA", "NA", null] as const).entries()) {
    for (const team of [teams[0]!.id, teams[1]!.id, null]) {
      const u = await makeUser(a.tenant.id, "SALES_REP", region, `u${i}-${team ?? "none"}`);
      users.push(await db.user.update({ where: { id: u.id }, data: { teamId: team } }));
    }
  }
  const outsider = await makeUser(b.tenant.id, "SALES_REP", "EMEA");
  const owners = [...users.map((u) => u.id), null];
  let n = 0;
  const row = (tenantId: string, ownerUserId: string | null, region: string | null) => ({
    tenantId, provider: "SALESFORCE" as const, objectType: "Lead", externalId: `00Q${String(n++).padStart(15, "0")}`, name: "R", ownerUserId, region,
    fields: {}, crmCreatedAt: new Date(), crmUpdatedAt: new Date(), lastSyncedAt: new Date(),
  });
  await db.crmRecord.createMany({
    data: [
      ...owners.flatMap((o) => (["EMEA", "NA", null] as const).map((r) => row(a.tenant.id, o, r))),
      row(b.tenant.id, outsider.id, "EMEA"), row(b.tenant.id, null, "NA"),
    ],
  });
  const records = await db.crmRecord.findMany({ select: { id: true, ...SCOPED_RECORD_SELECT } });
  return { tenantId: a.tenant.id, users, records };
}

beforeAll(async () => {
  world = await build();
});

describe("recordWhere and recordScopeSql agree with matchScope", () => {
  it("select exactly the records the policy reaches, for arbitrary principals and scopes", async () => {
    const principal = fc.record({
      user: fc.constantFrom(...world.users),
      region: fc.option(fc.constantFrom("EMEA", "NA"), { nil: null }),
      scope: fc.constantFrom(...SCOPES),
    });
    await fc.assert(
      fc.asyncProperty(principal, async ({ user, region, scope }) => {
        const p: Principal = {
          userId: user.id, tenantId: world.tenantId, sessionId: "s", role: "R", roleName: "R", region, teamId: user.teamId,
          grants: { ...emptyRoleGrants(), scopes: { ...emptyRoleGrants().scopes, "scores.view": scope as Scope } },
          matrixVersion: 1, recordRef: null,
        };
        const want = world.records.filter((r) => matchScope(p, scope as Scope, toScoped(r)) !== null).map((r) => r.id).sort();
        const viaPrisma = (await db.crmRecord.findMany({ where: recordWhere(p, "scores.view"), select: { id: true } })).map((r) => r.id).sort();
        const viaSql = (await db.$queryRaw<Array<{ id: string }>>(Prisma.sql`SELECT r.id FROM crm_records r WHERE ${recordScopeSql(p, "scores.view", "r")}`))
          .map((r) => r.id).sort();
        expect(viaPrisma).toEqual(want);
        expect(viaSql).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });
});
