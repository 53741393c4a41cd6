// `npm run bench:writeback`: 10,000 score write-backs to each CRM stand-in (Salesforce: sObject
// Collections of at most 200, a daily allowance; HubSpot: batch updates of at most 100, 100 calls
// per rolling 10 s), delivered by two outbox workers sharing each connection's call budget, as two
// worker processes would. Prints CRM API calls, wall time against the least the call budget
// allows, and duplicate and lost writes. Fresh database: PostgreSQL when DATABASE_URL is set, else
// PGlite.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { freshDatabase } from "@/test/support/fresh-database";

const { values } = parseArgs({ options: { writes: { type: "string", default: "10000" }, workers: { type: "string", default: "2" } } });
const WRITES = Number(values.writes);
const WORKERS = Number(values.workers);

Object.assign(process.env, await freshDatabase(process.env.DATABASE_URL, "candor_bench"), { LOG_LEVEL: "warn" });
const { db, closeDb } = await import("@/lib/db");
const { encryptSecret } = await import("@/lib/crypto");
const { installConnection } = await import("@/lib/crm/connections");
const { enqueueMany } = await import("@/lib/outbox");
const { CRM_CALL_BUDGETS } = await import("@/lib/outbox/budget");
const { startWorker } = await import("@/lib/outbox/worker");
const { startSalesforceSandbox } = await import("@/sandbox/salesforce");
const { startHubSpotSandbox } = await import("@/sandbox/hubspot");

const ORG_ID = "00DBENCH00000000AA";
const PORTAL = "90000001";
const sfUser = { Id: "005000000000001AAA", Username: "integration@bench.example", FirstName: "Int", LastName: "User", Email: "integration@bench.example" };

console.log(`Seeding ${WRITES.toLocaleString("en")} leads and ${WRITES.toLocaleString("en")} contacts…`);
const salesforce = await startSalesforceSandbox({
  port: 0, orgId: ORG_ID, orgName: "Bench Co", consumerKey: "bench-key", consumerSecret: "bench-secret", canvasUrl: "http://localhost/",
  users: [sfUser], dailyApiLimit: 100_000,
  records: { Lead: Array.from({ length: WRITES }, (_, i) => ({ LastName: `Lead ${i}`, Company: "Bench" })) },
});
const hubspot = await startHubSpotSandbox({
  port: 0, portalId: PORTAL, clientId: "bench-hs", clientSecret: "bench-hs-secret", cardFetchUrl: "http://localhost/",
  users: [{ id: "7001", email: "owner@bench.example", firstName: "Owner", lastName: "Bench" }],
  objects: { contacts: Array.from({ length: WRITES }, (_, i) => ({ email: `c${i}@bench.example`, firstname: "Contact", lastname: String(i) })) },
  rateLimit: { max: 100, intervalMs: 10_000 },
});

const tenant = await db.tenant.create({ data: { slug: `bench-${randomUUID().slice(0, 8)}`, name: "Bench Co" } });
const sfTokens = salesforce.issueTokens(sfUser.Id);
const hsTokens = hubspot.issueTokens();
const sf = await db.crmConnection.create({
  data: {
    tenantId: tenant.id, provider: "SALESFORCE", externalOrgId: ORG_ID, instanceUrl: salesforce.url, loginUrl: salesforce.url, clientId: "bench-key",
    clientSecretEnc: encryptSecret("bench-secret"), accessTokenEnc: encryptSecret(sfTokens.accessToken), refreshTokenEnc: encryptSecret(sfTokens.refreshToken),
  },
});
const hs = await db.crmConnection.create({
  data: {
    tenantId: tenant.id, provider: "HUBSPOT", externalOrgId: PORTAL, instanceUrl: hubspot.url, clientId: "bench-hs",
    clientSecretEnc: encryptSecret("bench-hs-secret"), accessTokenEnc: encryptSecret(hsTokens.accessToken), refreshTokenEnc: encryptSecret(hsTokens.refreshToken),
    tokenExpiresAt: new Date(Date.now() + hsTokens.expiresIn * 1000),
  },
});
// HubSpot's one-time install (Candor's properties in the portal) is not write-back: done first.
const installMark = hubspot.requestLog().length;
await installConnection(hs.id);
const installCalls = hubspot.requestLog().length - installMark;

const leads = salesforce.records("Lead").map((r) => String(r.Id));
const contacts = hubspot.objects("contacts").map((o) => o.id);
const expected = new Map<string, number>();
const write = (connectionId: string, objectType: string, externalId: string, i: number) => {
  const score = (i * 37) % 101;
  expected.set(`${connectionId}:${externalId}`, score);
  return {
    tenantId: tenant.id, connectionId, kind: "update_fields" as const, objectType, recordExternalId: externalId, idempotencyKey: `bench:${randomUUID()}`,
    payload: { score, band: score >= 70 ? "A" : "C", topReasons: "+12 Visited the pricing page", modelVersion: "bench-1", scoredAt: new Date().toISOString() },
  };
};
const writes = [...leads.map((id, i) => write(sf.id, "Lead", id, i)), ...contacts.map((id, i) => write(hs.id, "contacts", id, i))];
for (let i = 0; i < writes.length; i += 1000) await db.$transaction((tx) => enqueueMany(tx, writes.slice(i, i + 1000)));

const restCalls = (log: Array<{ path: string; at: number }>, from: number, prefix: string) => log.slice(from).filter((e) => e.path.startsWith(prefix));
const sfMark = salesforce.requestLog().length;
const hsMark = hubspot.requestLog().length;
console.log(`Delivering ${writes.length.toLocaleString("en")} writes with ${WORKERS} workers…`);
const started = Date.now();
const stops = Array.from({ length: WORKERS }, () => startWorker(100));
const finished: Record<string, number> = {};
while (Object.keys(finished).length < 2) {
  for (const c of [sf, hs]) {
    if (finished[c.id]) continue;
    const open = await db.outboxMessage.count({ where: { connectionId: c.id, status: { in: ["PENDING", "IN_FLIGHT"] } } });
    if (open === 0) finished[c.id] = Date.now();
  }
  await new Promise((r) => setTimeout(r, 100));
}
await Promise.all(stops.map((stop) => stop()));

function verdict(name: string, connectionId: string, calls: Array<{ at: number }>, written: Map<string, number>, read: () => Map<string, unknown>, budget: { points: number; duration: number }) {
  const wall = ((finished[connectionId] ?? Date.now()) - started) / 1000;
  // The first window's calls go at once; each further window of the budget lets `points` more out.
  const minimum = (Math.ceil(calls.length / budget.points) - 1) * budget.duration;
  const values = read();
  let lost = 0;
  let duplicates = 0;
  for (const [key, score] of expected) {
    const [conn, id] = key.split(":") as [string, string];
    if (conn !== connectionId) continue;
    if (Number(values.get(id)) !== score) lost++;
    duplicates += Math.max(0, (written.get(id) ?? 0) - 1);
  }
  return { name, calls: calls.length, wall, minimum, ratio: minimum > 0 ? wall / minimum : NaN, duplicates, lost };
}

const rows = [
  verdict("Salesforce", sf.id, restCalls(salesforce.requestLog(), sfMark, "/services/data/"), salesforce.writeCounts(),
    () => new Map(salesforce.records("Lead").map((r) => [String(r.Id), r.Candor_Score__c])), CRM_CALL_BUDGETS.SALESFORCE),
  verdict("HubSpot", hs.id, restCalls(hubspot.requestLog(), hsMark, "/crm/"), hubspot.writeCounts(),
    () => new Map(hubspot.objects("contacts").map((o) => [o.id, o.properties.candor_score])), CRM_CALL_BUDGETS.HUBSPOT),
];
const dead = await db.outboxMessage.count({ where: { tenantId: tenant.id, status: { not: "DONE" } } });

console.log("");
console.log(`${WRITES.toLocaleString("en")} score write-backs per CRM, ${WORKERS} workers, ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}`);
console.log("| CRM | API calls | Wall time | Least the call budget allows | Ratio | Duplicates | Lost |");
console.log("|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(`| ${r.name} | ${r.calls} | ${r.wall.toFixed(1)} s | ${r.minimum.toFixed(1)} s | ${r.ratio.toFixed(2)}× | ${r.duplicates} | ${r.lost} |`);
}
console.log(`Call budget per connection: ${CRM_CALL_BUDGETS.SALESFORCE.points} per ${CRM_CALL_BUDGETS.SALESFORCE.duration} s (Salesforce), ${CRM_CALL_BUDGETS.HUBSPOT.points} per ${CRM_CALL_BUDGETS.HUBSPOT.duration} s (HubSpot). HubSpot install beforehand: ${installCalls} calls. Messages not delivered: ${dead}.`);

await salesforce.close();
await hubspot.close();
await closeDb();
process.exit(rows.every((r) => r.duplicates === 0 && r.lost === 0) && dead === 0 ? 0 : 1);
