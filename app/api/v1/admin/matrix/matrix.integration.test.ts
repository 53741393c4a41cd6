import { beforeAll, describe, expect, it } from "vitest";
import { GET as checkAccess } from "@/app/api/v1/admin/check-access/route";
import { POST as addMapping } from "@/app/api/v1/admin/group-role-mappings/route";
import { DELETE as deleteRegion } from "@/app/api/v1/admin/regions/[code]/route";
import { POST as createRegion } from "@/app/api/v1/admin/regions/route";
import { DELETE as deleteRole } from "@/app/api/v1/admin/roles/[key]/route";
import { POST as createRole } from "@/app/api/v1/admin/roles/route";
import { POST as createTeam } from "@/app/api/v1/admin/teams/route";
import { GET as getInsight } from "@/app/api/v1/records/[provider]/[objectType]/[externalId]/insight/route";
import { DEFAULT_GRANTS, type Grants } from "@/lib/authz/default-matrix";
import { db } from "@/lib/db";
import { call, makeScoredRecord, makeTenant, makeUser, tokenFor } from "@/test/support/fixtures";
import { POST as revert } from "./revert/route";
import { GET, PUT } from "./route";
import { GET as versions } from "./versions/route";

// The matrix editor's API: versions saved with a reason and a diff, compare-and-set against
// concurrent edits, no save that locks everyone out, reverts, roles created and cloned, regions
// and teams as reference data, and "check access". Changes apply on the next request.

let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { tenant } = await makeTenant();
  const admin = await makeUser(tenant.id, "ADMIN", null, "Ada Admin");
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA", "Rita Rep");
  const { record } = await makeScoredRecord(tenant.id, { ownerUserId: rep.id, region: "EMEA" });
  return { tenant, admin, rep, record, adminToken: await tokenFor(admin), repToken: await tokenFor(rep) };
}

beforeAll(async () => {
  w = await setup();
});

const edited = (change: (g: Grants) => void): Grants => {
  const g = structuredClone(DEFAULT_GRANTS);
  change(g);
  return g;
};
const insight = () =>
  call(getInsight)("/api/v1/records/x", {
    token: w.repToken, params: { provider: "SALESFORCE", objectType: "Lead", externalId: w.record.externalId },
  });
const current = async () => (await call(GET)("/api/v1/admin/matrix", { token: w.adminToken })).json.matrix as { version: number; grants: Grants };

describe("the permission matrix editor", () => {
  it("is for roles that manage the matrix only", async () => {
    expect((await call(GET)("/api/v1/admin/matrix", { token: w.repToken })).status).toBe(403);
    const res = await call(GET)("/api/v1/admin/matrix", { token: w.adminToken });
    expect(res.status).toBe(200);
    expect(res.json.matrix).toMatchObject({ version: 1, grants: DEFAULT_GRANTS, reason: "Candor's default matrix" });
    expect(res.json.roles.map((r: { key: string }) => r.key)).toEqual(["SALES_REP", "SALES_MANAGER", "DATA_SCIENTIST", "ADMIN", "COMPLIANCE_OFFICER"]);
  });

  it("saves a new version with a reason, applies it on the rep's next request, and audits the diff", async () => {
    expect((await insight()).json.privacy.mode).toBe("masked");
    const base = await current();
    const grants = edited((g) => {
      g.roles.SALES_REP!.pii = "hidden";
    });
    const res = await call(PUT)("/api/v1/admin/matrix", { method: "PUT", token: w.adminToken, body: { baseVersion: base.version, grants, reason: "Reps do not need names" } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ version: base.version + 1, changes: [{ role: "SALES_REP", what: "pii", from: "Masked", to: "Hidden" }] });
    const after = await insight();
    expect(after.json.privacy).toEqual({ mode: "hidden", note: "Personal details are hidden for your role (Sales rep)." });
    expect(after.json.record.name).toBe("[name hidden]");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { tenantId: w.tenant.id, action: "authz.matrix.save" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorUserId: w.admin.id, resourceId: String(base.version + 1), details: { reason: "Reps do not need names", changes: res.json.changes } });
  });

  it("answers a save on a stale version with 409 and both versions", async () => {
    const base = await current();
    const first = await call(PUT)("/api/v1/admin/matrix", {
      method: "PUT", token: w.adminToken, body: { baseVersion: base.version, grants: edited((g) => void (g.roles.SALES_MANAGER!.scopes["data.export"] = "none")), reason: "First editor" },
    });
    expect(first.status).toBe(200);
    const mine = edited((g) => void (g.roles.DATA_SCIENTIST!.scopes["data.export"] = "none"));
    const second = await call(PUT)("/api/v1/admin/matrix", { method: "PUT", token: w.adminToken, body: { baseVersion: base.version, grants: mine, reason: "Second editor" } });
    expect(second.status).toBe(409);
    expect(second.json.current).toMatchObject({ version: base.version + 1, reason: "First editor" });
    expect(second.json.yours).toEqual({ baseVersion: base.version, grants: mine, reason: "Second editor" });
    expect((await current()).version).toBe(base.version + 1);
  });

  it("refuses with 422 a save that leaves nobody able to manage the matrix, and unknown roles, capabilities or scopes", async () => {
    const base = await current();
    const save = (grants: unknown) => call(PUT)("/api/v1/admin/matrix", { method: "PUT", token: w.adminToken, body: { baseVersion: base.version, grants, reason: "Testing" } });
    const lockout = await save(edited((g) => void (g.roles.ADMIN!.scopes["matrix.manage"] = "none")));
    expect(lockout.status).toBe(422);
    expect(lockout.json.detail).toMatch(/nobody able to manage the matrix/);
    const unknownRole = edited((g) => void (g.roles.GHOST = structuredClone(g.roles.SALES_REP!)));
    expect((await save(unknownRole)).json.errors).toEqual([{ path: "body.grants.roles.GHOST", message: 'No role "GHOST" exists; create it first.' }]);
    const { ADMIN: _a, ...withoutAdmin } = DEFAULT_GRANTS.roles;
    expect((await save({ roles: withoutAdmin })).status).toBe(422);
    const badCapability = structuredClone(DEFAULT_GRANTS) as unknown as { roles: Record<string, { scopes: Record<string, string> }> };
    badCapability.roles.SALES_REP!.scopes["records.delete"] = "all";
    expect((await save(badCapability)).status).toBe(422);
    const badScope = edited((g) => void ((g.roles.SALES_REP!.scopes as Record<string, string>)["scores.view"] = "country"));
    expect((await save(badScope)).status).toBe(422);
    const tenantScope = edited((g) => void ((g.roles.SALES_REP!.scopes as Record<string, string>)["audit.view"] = "region"));
    expect((await save(tenantScope)).status).toBe(422);
    expect((await current()).version).toBe(base.version);
  });

  it("reverts to an older version as a new one, and lists the history with who, when, why and what changed", async () => {
    const base = await current();
    const res = await call(revert)("/api/v1/admin/matrix/revert", { method: "POST", token: w.adminToken, body: { baseVersion: base.version, toVersion: 1, reason: "Back to the defaults" } });
    expect(res.status).toBe(200);
    expect((await current())).toMatchObject({ version: base.version + 1, grants: DEFAULT_GRANTS });
    const history = await call(versions)("/api/v1/admin/matrix/versions", { token: w.adminToken });
    expect(history.json.versions[0]).toMatchObject({ version: base.version + 1, reason: "Back to the defaults", revertOf: 1, createdBy: "Ada Admin" });
    expect(history.json.versions.at(-1)).toMatchObject({ version: 1, createdBy: "Candor", changes: [] });
    expect(history.json.versions[0].changes.length).toBeGreaterThan(0);
  });

  it("creates a role cloned from another, lets mappings name it, and deletes it only when unused", async () => {
    const base = await current();
    const created = await call(createRole)("/api/v1/admin/roles", {
      method: "POST", token: w.adminToken, body: { key: "SDR_LEAD", name: "SDR lead", cloneFrom: "SALES_MANAGER", baseVersion: base.version, reason: "SDR team leads" },
    });
    expect(created.status).toBe(201);
    expect((await current()).grants.roles.SDR_LEAD).toEqual(DEFAULT_GRANTS.roles.SALES_MANAGER);
    const mapping = await call(addMapping)("/api/v1/admin/group-role-mappings", { method: "POST", token: w.adminToken, body: { groupDisplayName: "sdr-leads", role: "SDR_LEAD" } });
    expect(mapping.status).toBe(201);
    const inUse = await call(deleteRole)("/api/v1/admin/roles/SDR_LEAD", { method: "DELETE", token: w.adminToken, params: { key: "SDR_LEAD" }, body: { baseVersion: base.version + 1, reason: "Done" } });
    expect(inUse.status).toBe(409);
    await db.groupRoleMapping.deleteMany({ where: { tenantId: w.tenant.id, role: "SDR_LEAD" } });
    const gone = await call(deleteRole)("/api/v1/admin/roles/SDR_LEAD", { method: "DELETE", token: w.adminToken, params: { key: "SDR_LEAD" }, body: { baseVersion: base.version + 1, reason: "Done" } });
    expect(gone.status).toBe(200);
    expect((await current()).grants.roles.SDR_LEAD).toBeUndefined();
    const builtIn = await call(deleteRole)("/api/v1/admin/roles/ADMIN", { method: "DELETE", token: w.adminToken, params: { key: "ADMIN" }, body: { baseVersion: base.version + 2, reason: "No" } });
    expect(builtIn.status).toBe(422);
  });

  it("keeps regions as reference data: an unknown region is refused, one in use cannot be removed", async () => {
    const apac = await call(addMapping)("/api/v1/admin/group-role-mappings", { method: "POST", token: w.adminToken, body: { groupDisplayName: "apac-reps", role: "SALES_REP", region: "APAC" } });
    expect(apac.status).toBe(422);
    expect(apac.json.errors).toEqual([{ path: "body.region", message: expect.stringContaining('No region "APAC" exists') }]);
    expect((await call(createRegion)("/api/v1/admin/regions", { method: "POST", token: w.adminToken, body: { code: "APAC", name: "Asia Pacific" } })).status).toBe(201);
    expect((await call(addMapping)("/api/v1/admin/group-role-mappings", { method: "POST", token: w.adminToken, body: { groupDisplayName: "apac-reps", role: "SALES_REP", region: "APAC" } })).status).toBe(201);
    const inUse = await call(deleteRegion)("/api/v1/admin/regions/APAC", { method: "DELETE", token: w.adminToken, params: { code: "APAC" } });
    expect(inUse.status).toBe(409);
    expect(inUse.json.detail).toMatch(/1 group mapping/);
  });

  it("puts the members of a SCIM group into the team linked to it", async () => {
    const group = await db.group.create({ data: { tenantId: w.tenant.id, displayName: "team-emea-one" } });
    await db.groupMember.create({ data: { tenantId: w.tenant.id, groupId: group.id, userId: w.rep.id } });
    const res = await call(createTeam)("/api/v1/admin/teams", {
      method: "POST", token: w.adminToken, body: { name: "EMEA One", regionCode: "EMEA", source: "scim_group", externalRef: "team-emea-one" },
    });
    expect(res.status).toBe(201);
    expect(res.json.membersChanged).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: w.rep.id } })).teamId).toBe(res.json.team.id);
  });

  it("checks access: allowed or denied for a user on a record, with the rule that decided", async () => {
    const peer = await makeUser(w.tenant.id, "SALES_REP", "EMEA", "Peer");
    const res = await call(checkAccess)(`/api/v1/admin/check-access?${new URLSearchParams({ userId: peer.id, provider: "SALESFORCE", objectType: "Lead", externalId: w.record.externalId })}`, { token: w.adminToken });
    expect(res.status).toBe(200);
    const view = res.json.decisions.find((d: { capability: string }) => d.capability === "scores.view");
    expect(view).toMatchObject({ allowed: false, scope: "own", rule: "Sales reps may view AI scores only on records they own." });
    const read = res.json.decisions.find((d: { capability: string }) => d.capability === "records.read");
    expect(read).toMatchObject({ allowed: true, match: "region", because: "The record is in the user's region (EMEA)." });
  });
});
