import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as canvasRoute } from "@/app/(embed)/embed/salesforce/canvas/route";
import { GET as listUsers } from "@/app/api/v1/admin/users/route";
import { POST as exchangeRoute } from "@/app/api/v1/embed/session/route";
import { GET as listFlags } from "@/app/api/v1/flags/route";
import { POST as cardRoute } from "@/app/api/v1/hubspot/card/route";
import { db } from "@/lib/db";
import { buildCanvasEnvelope, signCanvasRequest } from "@/sandbox/salesforce/canvas";
import { call } from "@/test/support/fixtures";
import { cardFetchRequest, read } from "@/test/support/hubspot";
import { scimClient } from "@/test/support/scim/in-process";
import { makeTenantPair, type ConnectedTenant } from "@/test/support/two-tenants";
import { MISSING_TARGET, RECORD_ROUTE_CASES, type Target } from "./record-route-cases";

// Cross-tenant isolation end to end: the second tenant's signed Canvas requests, HubSpot card
// fetches, session tokens and SCIM token, aimed at the first tenant's records and users. Each must
// answer exactly as if the thing did not exist, and open nothing in the first tenant.

let one: ConnectedTenant;
let two: ConnectedTenant;
let oneTarget: Target;

beforeAll(async () => {
  ({ one, two } = await makeTenantPair());
  const flag = await db.flag.create({
    data: { tenantId: one.tenant.id, scoreId: one.lead.score.id, recordId: one.lead.record.id, userId: one.rep.id, kind: "TOO_LOW", idempotencyKey: randomUUID() },
  });
  const { record } = one.lead;
  oneTarget = { provider: record.provider, objectType: record.objectType, externalId: record.externalId, scoreId: one.lead.score.id, flagId: flag.id, ownFlagId: flag.id };
});

function canvasRequest(signer: ConnectedTenant, opts: { orgId?: string; userId?: string; email?: string; recordId: string }) {
  const envelope = buildCanvasEnvelope({
    user: { Id: opts.userId ?? signer.salesforceUserId, Username: opts.email ?? signer.rep.email, FirstName: "R", LastName: "Rep", Name: "R Rep", Email: opts.email ?? signer.rep.email },
    orgId: opts.orgId ?? signer.orgId, orgName: "Org", version: "63.0", instanceUrl: signer.instanceUrl, accessToken: "token", consumerKey: "ck",
    canvasUrl: "http://localhost/embed/salesforce/canvas", sobject: "Lead", recordId: opts.recordId,
  } as never);
  return canvasRoute(
    new Request("http://localhost/embed/salesforce/canvas", {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ signed_request: signCanvasRequest(envelope, signer.canvasSecret) }).toString(),
    }),
  );
}

const withoutRequestId = (json: Record<string, unknown>) => ({ ...json, requestId: undefined });
const insightCase = () => RECORD_ROUTE_CASES.find((c) => c.key.endsWith("insight/route.ts GET"))!;

describe("the second tenant against the first tenant's data", () => {
  it("a Canvas request signed by tenant two's org for tenant one's lead opens tenant two's panel, which knows that lead no better than one that does not exist", async () => {
    // The panel asks for the record its session was opened on: the answer for tenant one's lead
    // must be the very answer for a lead id nobody has.
    const panelAnswer = async (recordId: string) => {
      const res = await canvasRequest(two, { recordId });
      expect(res.status).toBe(303);
      const code = decodeURIComponent(res.headers.get("location")!.split("#code=")[1]!);
      const exchanged = await call(exchangeRoute)("/api/v1/embed/session", { method: "POST", body: { code } });
      expect(exchanged.status).toBe(200);
      const params = { provider: "SALESFORCE", objectType: "Lead", externalId: recordId };
      return call(insightCase().handler)("/api/v1/x", { token: exchanged.json.token, params });
    };
    const asked = await panelAnswer(one.lead.record.externalId);
    const nobodys = await panelAnswer("00Q000000000404AAA");
    expect(asked.status).toBe(404);
    expect(withoutRequestId(asked.json)).toEqual(withoutRequestId(nobodys.json));
    const sessions = await db.session.findMany({ where: { source: "salesforce_canvas" }, select: { tenantId: true, userId: true } });
    expect(sessions).toEqual([{ tenantId: two.tenant.id, userId: two.rep.id }, { tenantId: two.tenant.id, userId: two.rep.id }]);
  });

  it("refuses a Canvas request that names tenant one's org but carries tenant two's signature", async () => {
    const res = await canvasRequest(two, { orgId: one.orgId, recordId: one.lead.record.externalId });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Signature does not match");
    const denied = await db.auditEvent.findFirstOrThrow({ where: { requestId: res.headers.get("x-request-id")!, action: "embed.session.open" } });
    expect(denied).toMatchObject({ tenantId: one.tenant.id, outcome: "denied", details: { reason: "bad_signature" } });
  });

  it("links nobody of tenant one when tenant two's org names tenant one's Salesforce user and email", async () => {
    const res = await canvasRequest(two, { userId: one.salesforceUserId, email: one.rep.email, recordId: one.lead.record.externalId });
    expect(res.status).toBe(403);
    expect(await db.crmIdentity.count({ where: { externalOrgId: two.orgId, externalUserId: one.salesforceUserId } })).toBe(0);
    expect(await db.session.count({ where: { userId: one.rep.id, source: "salesforce_canvas" } })).toBe(0);
  });

  it("a HubSpot card signed for tenant two's portal, asking for tenant one's contact, shows no data and no link", async () => {
    const ask = (viewer: { userId: string; userEmail: string }, objectId = Number(one.contact.record.externalId)) =>
      cardFetchRequest("/api/v1/hubspot/card", { portalId: two.portalId, ...viewer }, { objectId, objectTypeId: "0-1" });
    const mine = await read(await cardRoute(ask({ userId: two.hubspotUserId, userEmail: two.rep.email })));
    expect(mine.status).toBe(200);
    // Exactly what a contact id that exists nowhere gets: tenant two has no copy, so Candor asks
    // tenant two's own portal for it; nothing of tenant one shows, not even that it exists.
    const nowhere = await read(await cardRoute(ask({ userId: two.hubspotUserId, userEmail: two.rep.email }, 987_654_321)));
    expect(mine.json).toEqual(nowhere.json);
    expect(mine.json).toEqual({ title: "Candor score", message: expect.stringMatching(/^Candor has not synced this contact yet/) });
    expect(mine.json.openUrl).toBeUndefined();
    // Tenant one's rep, as seen from tenant two's portal, is nobody Candor knows there.
    const theirs = await read(await cardRoute(ask({ userId: one.hubspotUserId, userEmail: one.rep.email })));
    expect(theirs.json).toEqual({ title: "Candor score", message: "Your HubSpot user has no Candor account. Ask your Candor admin for access." });
    expect(await db.session.count({ where: { source: "hubspot_card" } })).toBe(0);
  });

  it("tenant two's admin and rep tokens get the very 404 of a missing record on every record route for tenant one's records", async () => {
    // The admin may do everything on its own tenant's records; the rep reads.
    const asks = [...RECORD_ROUTE_CASES.map((c) => [c, two.adminToken] as const), [insightCase(), two.repToken] as const];
    for (const [c, token] of asks) {
      const asked = await call(c.handler)("/api/v1/x", { token, ...c.request(oneTarget) });
      const missing = await call(c.handler)("/api/v1/x", { token, ...c.request(MISSING_TARGET) });
      expect(asked.status, c.key).toBe(404);
      expect(withoutRequestId(asked.json), c.key).toEqual(withoutRequestId(missing.json));
    }
    expect(await db.scoreOverride.count({ where: { tenantId: one.tenant.id } })).toBe(0);
    expect(await db.flag.count({ where: { tenantId: one.tenant.id } })).toBe(1);
  });

  it("tenant two's lists never name tenant one's flags or users", async () => {
    const flags = await call(listFlags)("/api/v1/flags?status=OPEN&limit=200", { token: two.adminToken });
    expect(flags.status).toBe(200);
    expect(flags.json.flags).toEqual([]);
    const users = await call(listUsers)("/api/v1/admin/users", { token: two.adminToken });
    expect(users.status).toBe(200);
    expect(users.json.users.map((u: { id: string }) => u.id).sort()).toEqual([two.rep.id, two.admin.id].sort());
  });

  it("tenant two's SCIM token finds, changes and deletes none of tenant one's users", async () => {
    const scim = scimClient(two.scimToken);
    const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    expect((await scim.get(`/Users/${one.rep.id}`)).status).toBe(404);
    expect((await scim.patch(`/Users/${one.rep.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] })).status).toBe(404);
    expect((await scim.delete(`/Users/${one.admin.id}`)).status).toBe(404);
    const listed = await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${one.rep.email}"`)}`);
    expect(listed.json.totalResults).toBe(0);
    expect(await db.user.count({ where: { tenantId: one.tenant.id, active: true } })).toBe(2);
  });
});
