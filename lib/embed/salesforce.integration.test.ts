import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as renewRoute } from "@/app/api/v1/embed/session/renew/route";
import { POST as exchangeRoute } from "@/app/api/v1/embed/session/route";
import { revokeUserSessions } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { call, makeTenant, makeUser } from "@/test/support/fixtures";
import { buildCanvasEnvelope, signCanvasRequest } from "@/sandbox/salesforce/canvas";
import { POST as canvasRoute } from "@/app/(embed)/embed/salesforce/canvas/route";
import { openCanvasSession as openInTx } from "./salesforce";

// The Salesforce embed path end to end below the browser: a signed request from the stand-in's
// own signer → session → single-use bootstrap code → bearer token → renewal → revocation.
const SECRET = "canvas-secret-for-tests";
const INSTANCE = "http://127.0.0.1:4999";
const exchange = call(exchangeRoute);
const renew = call(renewRoute);

let ctx: Awaited<ReturnType<typeof setup>>;

// The service in its own transaction, as the route runs it.
const openCanvasSession = (signedRequest: string | null) => db.$transaction((tx) => openInTx(tx, signedRequest, {}));

// The route, as Salesforce calls it: a form POST.
async function postCanvas(signedRequest: string) {
  return canvasRoute(
    new Request("http://localhost/embed/salesforce/canvas", {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ signed_request: signedRequest }).toString(),
    }),
  );
}

async function setup() {
  const { tenant, orgId } = await makeTenant({ instanceUrl: INSTANCE, consumerSecret: SECRET });
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA", "Rita Rep");
  await db.crmIdentity.create({
    data: { tenantId: tenant.id, userId: rep.id, provider: "SALESFORCE", externalOrgId: orgId, externalUserId: "005000000000001AAA" },
  });
  return { tenant, orgId, rep };
}

function signed(over: { userId?: string; email?: string; orgId?: string; secret?: string; recordId?: string } = {}) {
  const envelope = buildCanvasEnvelope({
    user: {
      Id: over.userId ?? "005000000000001AAA", Username: "rita@acme.example", FirstName: "Rita", LastName: "Rep",
      Name: "Rita Rep", Email: over.email ?? "rita@acme.example",
    },
    orgId: over.orgId ?? ctx.orgId, orgName: "Test", version: "63.0", instanceUrl: INSTANCE,
    accessToken: "sandbox-token", consumerKey: "ck", canvasUrl: "http://localhost/embed/salesforce/canvas",
    sobject: "Lead", recordId: over.recordId ?? "00Q000000000001AAA",
  } as never);
  return signCanvasRequest(envelope, over.secret ?? SECRET);
}

beforeAll(async () => {
  ctx = await setup();
});

describe("Salesforce Canvas embed", () => {
  it("trades a verified signed request for a single-use code, then a bearer token that renews", async () => {
    const outcome = await openCanvasSession(signed());
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const first = await exchange("/api/v1/embed/session", { method: "POST", body: { code: outcome.code } });
    expect(first.status).toBe(200);
    expect(first.json.record).toEqual({ provider: "SALESFORCE", objectType: "Lead", externalId: "00Q000000000001AAA" });
    const replay = await exchange("/api/v1/embed/session", { method: "POST", body: { code: outcome.code } });
    expect(replay.status).toBe(401);

    const renewed = await renew("/api/v1/embed/session/renew", { method: "POST", token: first.json.token });
    expect(renewed.status).toBe(200);
    expect(renewed.json.token).toBeTruthy();

    await revokeUserSessions(ctx.rep.id);
    const afterRevoke = await renew("/api/v1/embed/session/renew", { method: "POST", token: renewed.json.token });
    expect(afterRevoke.status).toBe(401);
  });

  it("asks Salesforce for a record Candor has no copy of yet, once, and not for one it has", async () => {
    const syncJobs = (externalId: string) =>
      db.job.count({ where: { tenantId: ctx.tenant.id, kind: "crm_sync_record", payload: { path: ["externalId"], equals: externalId } } });
    expect((await openCanvasSession(signed({ recordId: "00Q000000000007AAA" }))).ok).toBe(true);
    expect((await openCanvasSession(signed({ recordId: "00Q000000000007AAA" }))).ok).toBe(true);
    expect(await syncJobs("00Q000000000007AAA")).toBe(1);

    await db.crmRecord.create({
      data: {
        tenantId: ctx.tenant.id, provider: "SALESFORCE", objectType: "Lead", externalId: "00Q000000000008AAA", name: "Known",
        fields: {}, crmCreatedAt: new Date(), crmUpdatedAt: new Date(), lastSyncedAt: new Date(),
      },
    });
    expect((await openCanvasSession(signed({ recordId: "00Q000000000008AAA" }))).ok).toBe(true);
    expect(await syncJobs("00Q000000000008AAA")).toBe(0);
  });

  it("refuses an exact replay of a signed request", async () => {
    const request = signed();
    expect((await openCanvasSession(request)).ok).toBe(true);
    expect(await openCanvasSession(request)).toEqual({ ok: false, reason: "replayed" });
  });

  it("rejects a wrong secret and an unknown org, and audits the refusal against the org's tenant", async () => {
    expect(await openCanvasSession(signed({ secret: "nope" }))).toEqual({ ok: false, reason: "bad_signature" });
    expect(await openCanvasSession(signed({ orgId: "00D999999999999ZZZ" }))).toEqual({ ok: false, reason: "unknown_org" });
    const res = await postCanvas(signed({ secret: "nope" }));
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("Signature does not match");
    const requestId = res.headers.get("x-request-id")!;
    const denied = await db.auditEvent.findFirstOrThrow({ where: { requestId } });
    expect(denied).toMatchObject({ action: "embed.session.open", outcome: "denied", tenantId: ctx.tenant.id, details: { reason: "bad_signature" } });
  });

  it("refuses the same signature re-encoded (padding dropped, unused low bits changed) as a replay", async () => {
    const request = signed();
    const dot = request.indexOf(".");
    const sig = request.slice(0, dot);
    const unpadded = sig.replace(/=+$/, "");
    // HMAC-SHA256 is 32 bytes: 44 base64 characters with one "=", so the last data character
    // carries two unused bits; flipping them decodes to the same bytes.
    const last = unpadded.at(-1)!;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const twin = alphabet[alphabet.indexOf(last) ^ 0b01]!;
    const variants = [request, `${unpadded}${request.slice(dot)}`, `${unpadded.slice(0, -1)}${twin}=${request.slice(dot)}`];
    for (const v of variants) expect(Buffer.from(v.slice(0, v.indexOf(".")), "base64")).toEqual(Buffer.from(sig, "base64"));
    const outcomes = [];
    for (const v of variants) outcomes.push(await openCanvasSession(v));
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false]);
    expect(outcomes.slice(1)).toEqual([{ ok: false, reason: "replayed" }, { ok: false, reason: "replayed" }]);
  });

  it("refuses every re-encoding of a used signature that decodes to the same bytes as a replay (property)", async () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 }), fc.constantFrom("", "=", "=="), async (lowBits, padding) => {
        // A fresh signed request each run (its own record), used once, then re-encoded.
        const request = signed({ recordId: `00Q${String(++serial).padStart(12, "0")}PRP` });
        const dot = request.indexOf(".");
        const chars = [...request.slice(0, dot).replace(/=+$/, "")];
        chars[42] = alphabet[(alphabet.indexOf(chars[42]!) & ~0b11) | lowBits]!;
        const variant = `${chars.join("")}${padding}${request.slice(dot)}`;
        expect(Buffer.from(variant.slice(0, variant.indexOf(".")), "base64")).toEqual(Buffer.from(request.slice(0, dot), "base64"));
        expect((await openCanvasSession(request)).ok).toBe(true);
        expect(await openCanvasSession(variant)).toEqual({ ok: false, reason: "replayed" });
      }),
      { numRuns: 12 },
    );
  });

  // Finding 5 of issue 9: a Canvas user's email holding a NUL answered 500. The payload is
  // Salesforce's data: such characters become U+FFFD, and the request is judged as usual.
  it("judges signed requests whose user, email or org hold NUL or unpaired surrogates, never with a 500", async () => {
    const linked = await postCanvas(signed({ email: "rita\u0000@acme.example\uD800", recordId: "00Q000000000NULAAA" }));
    expect(linked.status).toBe(303);
    const unknown = await postCanvas(signed({ userId: "005\u0000000000009AAA", email: "nobody\uDC00@acme.example" }));
    expect(unknown.status).toBe(403);
    const otherOrg = await postCanvas(signed({ orgId: "00D\u0000000000001AAA" }));
    expect(otherOrg.status).toBe(401);
    expect(await otherOrg.text()).toContain("Org not connected");
    const refusal = await db.auditEvent.findFirstOrThrow({ where: { requestId: unknown.headers.get("x-request-id")!, action: "embed.session.open" } });
    expect(refusal).toMatchObject({ outcome: "denied", tenantId: ctx.tenant.id, details: { reason: "user_refused" } });
  });

  it("links an unknown CRM user by email, and refuses one with no Candor account", async () => {
    const byEmail = await openCanvasSession(signed({ userId: "005000000000002AAA", email: ctx.rep.email }));
    expect(byEmail.ok).toBe(true);
    const link = await db.crmIdentity.findFirst({ where: { externalUserId: "005000000000002AAA" } });
    expect(link?.userId).toBe(ctx.rep.id);

    const stranger = await openCanvasSession(signed({ userId: "005000000000003AAA", email: "nobody@elsewhere.example" }));
    expect(stranger).toEqual({ ok: false, reason: "user_refused" });
  });

  it("gives an unmatched user a least-privilege account when the tenant allows it", async () => {
    await db.tenant.update({ where: { id: ctx.tenant.id }, data: { unmatchedUserPolicy: "least_privilege" } });
    const outcome = await openCanvasSession(signed({ userId: "005000000000004AAA", email: "new.rep@acme.example" }));
    expect(outcome.ok).toBe(true);
    const user = await db.user.findFirst({ where: { email: "new.rep@acme.example" } });
    expect(user).toMatchObject({ role: "SALES_REP", region: null });
    await db.tenant.update({ where: { id: ctx.tenant.id }, data: { unmatchedUserPolicy: "refuse" } });
  });

  it("does not open a session for a deactivated user", async () => {
    await db.user.update({ where: { id: ctx.rep.id }, data: { active: false } });
    expect(await openCanvasSession(signed())).toEqual({ ok: false, reason: "user_inactive" });
    await db.user.update({ where: { id: ctx.rep.id }, data: { active: true } });
  });
});
