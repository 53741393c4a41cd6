import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, describe, expect, inject, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createPostgresDatabase } from "@/test/support/fresh-database";

// The migration history, applied by Prisma's own CLI (offline Wasm engine) to an empty database,
// must produce exactly the schema the client expects: every model is written and read back.
const root = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.CANDOR_TEST_SERVER_URL;
let pglite: PGlite | null = null;
let client: PrismaClient;

async function emptyDatabase(): Promise<{ env: Record<string, string> }> {
  // Named with the run's id, so the run drops it when it ends (test/global-setup.ts).
  if (serverUrl) return { env: { DATABASE_URL: await createPostgresDatabase(serverUrl, `candor_t_${inject("testRunId")}_migrate`) } };
  return { env: { DATABASE_URL: "", PGLITE_DIR: mkdtempSync(path.join(tmpdir(), "candor-migrate-")) } };
}

afterAll(async () => {
  await client?.$disconnect();
  await pglite?.close();
});

describe("migrations", () => {
  it("apply with `prisma migrate deploy` to an empty database and serve every model", async () => {
    const { env } = await emptyDatabase();
    const run = spawnSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
      cwd: root, env: { ...process.env, ...env }, encoding: "utf8",
    });
    expect(run.stdout).toContain("All migrations have been successfully applied");
    const migrations = readdirSync(path.join(root, "prisma/migrations"), { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const m of migrations) expect(run.stdout).toContain(m.name);

    if (env.DATABASE_URL) {
      client = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) });
    } else {
      pglite = new PGlite(env.PGLITE_DIR);
      client = new PrismaClient({ adapter: new PrismaPGlite(pglite) as unknown as PrismaPg });
    }
    const db = client;
    const tenant = await db.tenant.create({ data: { slug: "m", name: "M", ssoIssuer: "http://idp" } });
    await db.region.create({ data: { tenantId: tenant.id, code: "EMEA", name: "Europe" } });
    const team = await db.team.create({ data: { tenantId: tenant.id, name: "T", regionCode: "EMEA", source: "crm_role", externalRef: "00E1" } });
    const user = await db.user.create({
      data: { tenantId: tenant.id, email: "a@m.example", name: "A", role: "ADMIN", region: "EMEA", teamId: team.id, ssoSubject: "s1", externalId: "x1", scim: {} },
    });
    const conn = await db.crmConnection.create({
      data: { tenantId: tenant.id, provider: "HUBSPOT", externalOrgId: "1", instanceUrl: "http://h", clientId: "c", clientSecretEnc: "v1.x", syncCursor: "c1" },
    });
    await db.crmIdentity.create({ data: { tenantId: tenant.id, userId: user.id, provider: "HUBSPOT", externalOrgId: "1", externalUserId: "9" } });
    await db.session.create({ data: { tenantId: tenant.id, userId: user.id, source: "sso", expiresAt: new Date(Date.now() + 1e6) } });
    await db.usedNonce.create({ data: { key: "k", expiresAt: new Date() } });
    await db.rateLimit.create({ data: { key: "entry:ip:203.0.113.7", points: 1, expire: BigInt(Date.now() + 60_000) } });
    const record = await db.crmRecord.create({
      data: { tenantId: tenant.id, provider: "HUBSPOT", objectType: "contacts", externalId: "101", name: "R", fields: {}, crmCreatedAt: new Date(), crmUpdatedAt: new Date(), lastSyncedAt: new Date() },
    });
    await db.activity.create({ data: { tenantId: tenant.id, recordId: record.id, kind: "call", subject: "s", occurredAt: new Date() } });
    const model = await db.modelVersion.create({
      data: { tenantId: tenant.id, version: "v1", algorithm: "gbdt", objectType: "contacts", target: "converted", windowDays: 90, features: [], params: {}, metrics: {}, trainingFrom: new Date(), trainingTo: new Date(), trainedBy: "t" },
    });
    const score = await db.score.create({
      data: { tenantId: tenant.id, recordId: record.id, modelVersionId: model.id, value: 1, band: "D", probability: 0.01, baseValue: 0, inputSnapshot: {}, shadow: true, trigger: "ingest", changes: {} },
    });
    await db.reason.create({ data: { tenantId: tenant.id, scoreId: score.id, feature: "f", direction: "POSITIVE", contribution: 1, points: 1, text: "t", rank: 1 } });
    await db.summary.create({ data: { tenantId: tenant.id, recordId: record.id, text: "t", sentences: [], provider: "offline" } });
    const flag = await db.flag.create({ data: { tenantId: tenant.id, scoreId: score.id, recordId: record.id, userId: user.id, kind: "TOO_LOW", idempotencyKey: "k" } });
    await db.auditEvent.create({ data: { actorType: "system", action: "a", resourceType: "r", requestId: "q", outcome: "success" } });
    await db.outboxMessage.create({
      data: { tenantId: tenant.id, connectionId: conn.id, kind: "create_task", objectType: "contacts", recordExternalId: "101", payload: {}, idempotencyKey: "o", correlationId: "c" },
    });
    const group = await db.group.create({ data: { tenantId: tenant.id, displayName: "g", externalId: "e" } });
    await db.groupMember.create({ data: { tenantId: tenant.id, groupId: group.id, userId: user.id } });
    await db.groupRoleMapping.create({ data: { tenantId: tenant.id, groupDisplayName: "g", role: "SALES_REP", region: "EMEA" } });
    await db.scimToken.create({ data: { tenantId: tenant.id, name: "okta", tokenHash: "h" } });
    await db.tenantSetting.create({ data: { tenantId: tenant.id, key: "k", value: { a: 1 } } });
    await db.job.create({ data: { tenantId: tenant.id, kind: "full_rescore", dedupeKey: "d" } });
    await db.idempotencyRecord.create({ data: { tenantId: tenant.id, scope: "ingest", key: "k", requestHash: "h", status: 201, response: {} } });
    await db.trainingLabel.create({ data: { tenantId: tenant.id, recordId: record.id, label: 0, source: "flag", flagId: flag.id } });
    await db.scoreOverride.create({
      data: { tenantId: tenant.id, recordId: record.id, value: 80, band: "A", reason: "r", expiresAt: new Date(Date.now() + 1e6), createdById: user.id },
    });

    const counts = await Promise.all([
      db.tenant.count(), db.user.count(), db.crmConnection.count(), db.crmIdentity.count(), db.session.count(),
      db.usedNonce.count(), db.crmRecord.count(), db.activity.count(), db.modelVersion.count(), db.score.count(),
      db.reason.count(), db.summary.count(), db.flag.count(), db.auditEvent.count(), db.outboxMessage.count(),
      db.group.count(), db.groupMember.count(), db.groupRoleMapping.count(), db.scimToken.count(),
      db.tenantSetting.count(), db.job.count(), db.idempotencyRecord.count(), db.trainingLabel.count(),
      db.region.count(), db.team.count(), db.scoreOverride.count(), db.rateLimit.count(),
    ]);
    expect(counts).toEqual(counts.map(() => 1));
    // The tenant trigger gave it the five built-in roles and the default matrix as version 1.
    expect(await db.roleDefinition.count({ where: { tenantId: tenant.id, builtIn: true } })).toBe(5);
    expect((await db.permissionMatrixVersion.findMany({ where: { tenantId: tenant.id }, select: { version: true } })).map((v) => v.version)).toEqual([1]);
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
  });
});
