import { beforeAll, describe, expect, it } from "vitest";
import { loadRouteHandlers, MUTATING_METHODS, routeFiles, type EnumeratedHandler } from "@/lib/authz/route-handlers";
import { signedUri, signV3 } from "@/lib/crm/hubspot/signature";
import { encryptSecret } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createScimToken } from "@/lib/scim/service-tokens";
import { makeTenant, makeUser } from "@/test/support/fixtures";
import { buildCanvasEnvelope, signCanvasRequest } from "@/sandbox/salesforce/canvas";

// Audit completeness: every mutating handler of every route file under app/ goes through lib/api.ts
// route() with an audit action (the wrapper writes the audit row in the mutation's own transaction,
// refuses to run a mutation without one, and records refused and failed ones after the rollback),
// or is named below with the way it audits. A new route that is neither fails this test. The
// entry points that authenticate in their own way (Canvas, SCIM, HubSpot's signature) are driven
// below to prove their rows appear.

// next-auth's own endpoints (sign-in, callback, csrf). It keeps no database state of its own
// (JWT strategy); the Candor session it leads to is created and audited (sso.sign_in) in
// lib/identity/sso.ts from its callbacks.
const NOT_ROUTE_WRAPPED: Record<string, string> = {
  "api/auth/[...nextauth]/route.ts POST": "lib/identity/sso.ts sso.sign_in from the next-auth callbacks",
};

let handlers: EnumeratedHandler[];

beforeAll(async () => {
  handlers = await loadRouteHandlers();
});

describe("audit completeness", () => {
  it("finds the route files (the enumeration itself works)", () => {
    expect(routeFiles()).toEqual(expect.arrayContaining(["api/v1/flags/route.ts", "(embed)/embed/salesforce/canvas/route.ts"]));
    expect(handlers.some((h) => h.key === "api/v1/flags/route.ts POST" && h.handler.meta?.audit?.action === "flag.create")).toBe(true);
  });

  it("has every mutating handler audited by route() or on the commented list", () => {
    const unaudited = handlers
      .filter((h) => MUTATING_METHODS.has(h.method))
      .filter((h) => !(h.handler.meta?.audit?.action && h.handler.meta.audit.resourceType) && !(h.key in NOT_ROUTE_WRAPPED))
      .map((h) => h.key);
    expect(unaudited, "mutating handlers with no audited path: wrap them with route({ audit }) or list them with how they audit").toEqual([]);
  });

  it("keeps the list honest: every entry exists, mutates, and is not route()-wrapped", () => {
    const byKey = new Map(handlers.map((h) => [h.key, h]));
    for (const key of Object.keys(NOT_ROUTE_WRAPPED)) {
      const h = byKey.get(key);
      expect(h, `${key} is listed but does not exist`).toBeDefined();
      expect(h!.handler.meta, `${key} is route()-wrapped now; drop it from the list`).toBeUndefined();
    }
  });

  it("audits the Salesforce Canvas POST: a session opened and a refused signature both leave a row", async () => {
    const secret = "audit-completeness-canvas-secret";
    const instanceUrl = "http://127.0.0.1:4998";
    const { tenant, orgId } = await makeTenant({ instanceUrl, consumerSecret: secret });
    const rep = await makeUser(tenant.id, "SALES_REP", "EMEA");
    const sfUserId = "005000000000001AAA";
    await db.crmIdentity.create({ data: { tenantId: tenant.id, userId: rep.id, provider: "SALESFORCE", externalOrgId: orgId, externalUserId: sfUserId } });
    const envelope = buildCanvasEnvelope({
      user: { Id: sfUserId, Username: "rep@acme.example", FirstName: "R", LastName: "Rep", Name: "R Rep", Email: rep.email },
      orgId, orgName: "Acme", version: "63.0", instanceUrl, accessToken: "sandbox-token", consumerKey: "ck",
      canvasUrl: "http://localhost/embed/salesforce/canvas", sobject: "Lead", recordId: "00Q000000000001AAA",
    } as never);
    const canvas = handlers.find((h) => h.key === "(embed)/embed/salesforce/canvas/route.ts POST")!.handler;
    const post = (signed: string) =>
      canvas(new Request("http://localhost/embed/salesforce/canvas", { method: "POST", body: new URLSearchParams({ signed_request: signed }) }));
    expect(handlers.find((h) => h.key === "(embed)/embed/salesforce/canvas/route.ts POST")!.handler.meta?.audit?.action).toBe("embed.session.open");

    const opened = await post(signCanvasRequest(envelope, secret));
    expect(opened.status).toBe(303);
    const session = await db.session.findFirstOrThrow({ where: { userId: rep.id, source: "salesforce_canvas" } });
    const rows = await db.auditEvent.findMany({ where: { tenantId: tenant.id, action: "embed.session.open" } });
    expect(rows).toEqual([expect.objectContaining({ outcome: "success", resourceId: session.id, actorUserId: rep.id })]);

    const refused = await post(signCanvasRequest(envelope, "not-the-secret"));
    expect(refused.status).toBe(401);
    expect(await db.auditEvent.count({ where: { tenantId: tenant.id, action: "embed.session.open", outcome: "denied" } })).toBe(1);
  });

  it("audits every SCIM mutation: even one that fails leaves a row naming its action", async () => {
    const { tenant } = await makeTenant();
    const { token } = await db.$transaction((tx) => createScimToken(tx, tenant.id, "audit-completeness"));
    const scim = handlers.filter((h) => h.handler.meta?.auth === "scim" && MUTATING_METHODS.has(h.method));
    expect(scim.map((h) => h.key).sort()).toEqual([
      "api/scim/v2/Groups/[id]/route.ts DELETE", "api/scim/v2/Groups/[id]/route.ts PATCH", "api/scim/v2/Groups/[id]/route.ts PUT",
      "api/scim/v2/Groups/route.ts POST", "api/scim/v2/Users/[id]/route.ts DELETE", "api/scim/v2/Users/[id]/route.ts PATCH",
      "api/scim/v2/Users/[id]/route.ts PUT", "api/scim/v2/Users/route.ts POST",
    ]);
    for (const h of scim) {
      const rows = () => db.auditEvent.findMany({ where: { tenantId: tenant.id, actorType: "scim" }, select: { id: true, action: true } });
      const before = new Set((await rows()).map((r) => r.id));
      const res = await h.handler(
        new Request(`http://localhost/scim/v2/x/${crypto.randomUUID()}`, {
          method: h.method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
          body: h.method === "DELETE" ? undefined : "{not json",
        }),
        { params: Promise.resolve({ id: crypto.randomUUID() }) },
      );
      expect(res.status, h.key).toBeGreaterThanOrEqual(400);
      const added = (await rows()).filter((r) => !before.has(r.id));
      expect(added.length, `${h.key} wrote no audit row`).toBe(1);
      expect(added[0]!.action).toBe(h.handler.meta!.audit!.action);
    }
  });

  it("audits refused HubSpot-signed requests under each route's action, and an accepted webhook delivery", async () => {
    const signed = handlers.filter((h) => h.handler.meta?.auth === "hubspot");
    expect(signed.map((h) => h.key).sort()).toEqual(["api/v1/hubspot/card/route.ts GET", "api/v1/hubspot/card/route.ts POST", "api/webhooks/hubspot/route.ts POST"]);
    for (const h of signed) {
      const action = h.handler.meta!.audit!.action;
      const denied = () => db.auditEvent.count({ where: { action, outcome: "denied" } });
      const before = await denied();
      const res = await h.handler(new Request(`${env.PUBLIC_BASE_URL}/unsigned`, { method: h.method, body: h.method === "GET" ? undefined : "[]" }));
      expect(res.status, h.key).toBe(401);
      expect(await denied(), `${h.key} did not audit the refusal`).toBe(before + 1);
    }

    const { tenant } = await makeTenant();
    const secret = "hubspot-app-secret-for-audit";
    const portal = "4242";
    const connection = await db.crmConnection.create({
      data: { tenantId: tenant.id, provider: "HUBSPOT", externalOrgId: portal, instanceUrl: "http://127.0.0.1:1", clientId: "hs-app", clientSecretEnc: encryptSecret(secret) },
    });
    const body = JSON.stringify([{ eventId: 7, portalId: Number(portal), occurredAt: Date.now(), subscriptionType: "contact.propertyChange", objectId: 501 }]);
    const url = `${env.PUBLIC_BASE_URL}/api/webhooks/hubspot`;
    const timestamp = String(Date.now());
    const webhook = handlers.find((h) => h.key === "api/webhooks/hubspot/route.ts POST")!.handler;
    const res = await webhook(new Request(url, {
      method: "POST", body,
      headers: { "content-type": "application/json", "x-hubspot-request-timestamp": timestamp, "x-hubspot-signature-v3": signV3(secret, "POST", signedUri(env.PUBLIC_BASE_URL, url), body, timestamp) },
    }));
    expect(res.status).toBe(200);
    const rows = await db.auditEvent.findMany({ where: { tenantId: tenant.id, action: "webhook.hubspot.receive" } });
    expect(rows).toEqual([expect.objectContaining({ outcome: "success", resourceId: connection.id })]);
  });
});
