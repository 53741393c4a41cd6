import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { makeScoredRecord, makeTenant, makeUser, principalOf } from "@/test/support/fixtures";
import { openRecordsByBand } from "./score-bands";

// The dashboard's band counts honour the caller's dashboards.view scope in the default matrix
// (rep: own, manager: region, admin: all), skip closed records and shadow scores, and never
// count another tenant's records.

type User = Awaited<ReturnType<typeof makeUser>>;
const counts = (bands: Awaited<ReturnType<typeof openRecordsByBand>>) => Object.fromEntries(bands.map((b) => [b.band, b.count]));

let rep: User, manager: User, admin: User;

async function scored(tenantId: string, opts: { owner: User | null; region: string; band: "A" | "B" | "C" | "D" }) {
  const { record, score } = await makeScoredRecord(tenantId, { ownerUserId: opts.owner?.id ?? null, region: opts.region });
  await db.score.update({ where: { id: score.id }, data: { band: opts.band } });
  return { record, score };
}

beforeAll(async () => {
  const { tenant } = await makeTenant();
  rep = await makeUser(tenant.id, "SALES_REP", "EMEA");
  manager = await makeUser(tenant.id, "SALES_MANAGER", "EMEA");
  admin = await makeUser(tenant.id, "ADMIN", null);
  const peer = await makeUser(tenant.id, "SALES_REP", "EMEA", "Peer");

  await scored(tenant.id, { owner: rep, region: "EMEA", band: "A" });
  await scored(tenant.id, { owner: peer, region: "EMEA", band: "B" });
  await scored(tenant.id, { owner: null, region: "NA", band: "C" });
  const hubspot = await scored(tenant.id, { owner: peer, region: "EMEA", band: "D" });
  await db.crmRecord.update({ where: { id: hubspot.record.id }, data: { provider: "HUBSPOT" } });
  const closed = await scored(tenant.id, { owner: rep, region: "EMEA", band: "A" });
  await db.crmRecord.update({ where: { id: closed.record.id }, data: { closedAt: new Date() } });
  const shadow = await scored(tenant.id, { owner: rep, region: "EMEA", band: "B" });
  await db.score.update({ where: { id: shadow.score.id }, data: { shadow: true } });

  const other = await makeTenant();
  await scored(other.tenant.id, { owner: null, region: "EMEA", band: "A" });
});

describe("openRecordsByBand", () => {
  it("counts every band, in order, within the caller's scope", async () => {
    const bands = await openRecordsByBand(db, await principalOf(rep));
    expect(bands.map((b) => `${b.band} ${b.label}`)).toEqual(["A Hot", "B Warm", "C Cool", "D Cold"]);
    expect(counts(bands)).toEqual({ A: 1, B: 0, C: 0, D: 0 });
    expect(counts(await openRecordsByBand(db, await principalOf(manager)))).toEqual({ A: 1, B: 1, C: 0, D: 1 });
    expect(counts(await openRecordsByBand(db, await principalOf(admin)))).toEqual({ A: 1, B: 1, C: 1, D: 1 });
  });

  it("narrows to one CRM when asked", async () => {
    expect(counts(await openRecordsByBand(db, await principalOf(admin), { provider: "HUBSPOT" }))).toEqual({ A: 0, B: 0, C: 0, D: 1 });
    expect(counts(await openRecordsByBand(db, await principalOf(admin), { provider: "SALESFORCE" }))).toEqual({ A: 1, B: 1, C: 1, D: 0 });
  });
});
