import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createFlag } from "@/lib/flags/service";
import { rescoreRecord } from "@/lib/scoring/rescore";
import { trainModel } from "@/lib/scoring/training";
import { expectUniqueViolation, makeScoredRecord, makeTenant, makeUser, principalOf } from "@/test/support/fixtures";

// What the schema itself guarantees, whatever the code above it does: the partial unique indexes
// the migrations add by hand, tenant keys on every tenant-owned table, and the races they close.

const scoreRow = (tenantId: string, recordId: string, modelVersionId: string, extra: { shadow?: boolean; isCurrent?: boolean } = {}) => ({
  tenantId, recordId, modelVersionId, value: 50, band: "B", probability: 0.5, baseValue: 0, inputSnapshot: {}, ...extra,
});

describe("partial unique indexes", () => {
  it("one current score per record; one current shadow score per record and shadow model", async () => {
    const { tenant } = await makeTenant();
    const { record, model } = await makeScoredRecord(tenant.id, { ownerUserId: null, region: "EMEA" });
    await expectUniqueViolation(db.score.create({ data: scoreRow(tenant.id, record.id, model.id) }));
    // History (not current) is unlimited.
    await db.score.create({ data: scoreRow(tenant.id, record.id, model.id, { isCurrent: false }) });
    await db.score.create({ data: scoreRow(tenant.id, record.id, model.id, { shadow: true }) });
    await expectUniqueViolation(db.score.create({ data: scoreRow(tenant.id, record.id, model.id, { shadow: true }) }));
    const other = await db.modelVersion.create({
      data: { tenantId: tenant.id, version: "shadow-2", algorithm: "logistic", status: "SHADOW", objectType: "Lead", target: "t", windowDays: 90, features: [], params: {}, metrics: {}, trainingFrom: new Date(), trainingTo: new Date(), trainedBy: "t" },
    });
    await db.score.create({ data: scoreRow(tenant.id, record.id, other.id, { shadow: true }) });
    expect(await db.score.count({ where: { recordId: record.id, isCurrent: true } })).toBe(3);
  });

  it("one open flag per person per score; a resolved one does not count", async () => {
    const { tenant } = await makeTenant();
    const rep = await makeUser(tenant.id, "SALES_REP", "EMEA");
    const { record, score } = await makeScoredRecord(tenant.id, { ownerUserId: rep.id, region: "EMEA" });
    const flag = (status: "OPEN" | "REJECTED") => ({
      tenantId: tenant.id, scoreId: score.id, recordId: record.id, userId: rep.id, kind: "TOO_LOW" as const, status, idempotencyKey: randomUUID(),
    });
    await db.flag.create({ data: flag("OPEN") });
    await expectUniqueViolation(db.flag.create({ data: flag("OPEN") }));
    await db.flag.create({ data: flag("REJECTED") });
    const other = await makeUser(tenant.id, "SALES_REP", "EMEA");
    await db.flag.create({ data: { ...flag("OPEN"), userId: other.id } });
    expect(await db.flag.count({ where: { scoreId: score.id } })).toBe(3);
  });
});

describe("the races they close", () => {
  it("two rescorings of one record at once leave exactly one current score", async () => {
    const { tenant } = await makeTenant();
    const { record } = await makeScoredRecord(tenant.id, { ownerUserId: null, region: "EMEA" });
    await db.modelVersion.updateMany({ where: { tenantId: tenant.id }, data: { status: "RETIRED" } });
    await trainModel(tenant.id, { objectType: "Lead", trainedBy: "test", promote: "if_better", enqueueRescore: false });

    const results = await Promise.all([1, 2, 3].map(() => rescoreRecord(record.id, { trigger: "incremental", because: "test" })));

    expect(results.every((r) => r !== null)).toBe(true);
    expect(await db.score.count({ where: { recordId: record.id, isCurrent: true, shadow: false } })).toBe(1);
    // The prior replaced the fixture's score once; the other two found the same inputs and kept it.
    expect(results.filter((r) => r!.scoreId !== null)).toHaveLength(1);
  });

  it("a double click on 'this score is wrong' makes one flag; the other request is told it exists", async () => {
    const { tenant, connection } = await makeTenant();
    const rep = await makeUser(tenant.id, "SALES_REP", "EMEA");
    const { score } = await makeScoredRecord(tenant.id, { ownerUserId: rep.id, region: "EMEA" });
    expect(connection.provider).toBe("SALESFORCE");
    const principal = await principalOf(rep);
    const click = () => db.$transaction((tx) => createFlag(tx, principal, { scoreId: score.id, kind: "TOO_LOW", comment: undefined, idempotencyKey: randomUUID().replace(/-/g, "") }));

    const outcomes = await Promise.allSettled([click(), click()]);

    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict", message: "You already flagged this score. It is waiting for review." });
    expect(await db.flag.count({ where: { scoreId: score.id } })).toBe(1);
    expect(await db.outboxMessage.count({ where: { tenantId: tenant.id, kind: "create_task" } })).toBe(1);
  });
});

describe("tenant keys", () => {
  // Not tenant-owned: the tenants themselves, single-use markers keyed by the CRM's own ids, shared
  // rate budgets, and the audit trail, which outlives what it records (its tenant_id has no key).
  const NOT_TENANT_OWNED = ["tenants", "used_nonces", "rate_limits", "audit_events", "_prisma_migrations"];

  it("every tenant-owned table has tenant_id with a foreign key to tenants", async () => {
    const tables = await db.$queryRaw<Array<{ table: string; column: boolean; key: boolean }>>`
      SELECT t.table_name::text AS "table",
        EXISTS (SELECT 1 FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.table_name = t.table_name AND c.column_name = 'tenant_id') AS "column",
        EXISTS (
          SELECT 1 FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)
          WHERE k.contype = 'f' AND k.conrelid = ('public.' || quote_ident(t.table_name))::regclass
            AND k.confrelid = 'public.tenants'::regclass AND a.attname = 'tenant_id') AS "key"
      FROM information_schema.tables t
      WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY t.table_name`;
    const owned = tables.filter((t) => !NOT_TENANT_OWNED.includes(t.table));
    expect(owned.length).toBeGreaterThan(20);
    expect(owned.filter((t) => !t.column || !t.key).map((t) => t.table)).toEqual([]);
  });

  it("deleting a tenant takes everything it owns with it, and keeps its audit trail", async () => {
    const { tenant } = await makeTenant();
    const rep = await makeUser(tenant.id, "SALES_REP", "EMEA");
    const { score, record } = await makeScoredRecord(tenant.id, { ownerUserId: rep.id, region: "EMEA" });
    await db.flag.create({ data: { tenantId: tenant.id, scoreId: score.id, recordId: record.id, userId: rep.id, kind: "TOO_LOW", idempotencyKey: "k" } });
    await db.auditEvent.create({ data: { tenantId: tenant.id, actorType: "system", action: "test", resourceType: "tenant", requestId: "r", outcome: "success" } });

    await db.tenant.delete({ where: { id: tenant.id } });

    const where = { where: { tenantId: tenant.id } };
    const left = await Promise.all([db.score.count(where), db.reason.count(where), db.flag.count(where), db.crmRecord.count(where), db.user.count(where), db.summary.count(where)]);
    expect(left).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await db.auditEvent.count({ where: { tenantId: tenant.id } })).toBe(1);
  });
});
