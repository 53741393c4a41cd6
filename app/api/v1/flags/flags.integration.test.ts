import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { call, makeScoredRecord, makeTenant, makeUser, tokenFor } from "@/test/support/fixtures";
import { GET as insightRoute } from "../records/[provider]/[objectType]/[externalId]/insight/route";
import { POST as flagRoute } from "./route";

const postFlag = call(flagRoute);
const getInsight = call(insightRoute);

let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { tenant } = await makeTenant();
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA", "Rita Rep");
  const peer = await makeUser(tenant.id, "SALES_REP", "EMEA", "Pete Peer");
  const naRep = await makeUser(tenant.id, "SALES_REP", "NA");
  const manager = await makeUser(tenant.id, "SALES_MANAGER", "EMEA");
  const compliance = await makeUser(tenant.id, "COMPLIANCE_OFFICER", null);
  const admin = await makeUser(tenant.id, "ADMIN", null);
  const owned = await makeScoredRecord(tenant.id, { ownerUserId: rep.id, region: "EMEA" });
  const other = await makeScoredRecord(tenant.id, { ownerUserId: peer.id, region: "EMEA" });
  const tokens = {
    rep: await tokenFor(rep), peer: await tokenFor(peer), naRep: await tokenFor(naRep),
    manager: await tokenFor(manager), compliance: await tokenFor(compliance), admin: await tokenFor(admin),
  };
  return { tenant, rep, compliance, owned, other, tokens };
}

beforeAll(async () => {
  ctx = await setup();
});

const key = () => crypto.randomUUID().replace(/-/g, "");
const params = (r: { externalId: string }) => ({ provider: "SALESFORCE", objectType: "Lead", externalId: r.externalId });

describe("GET insight", () => {
  it("shows the owner the score, reasons and a PII-masked summary", async () => {
    const res = await getInsight("/x", { token: ctx.tokens.rep, params: params(ctx.owned.record) });
    expect(res.status).toBe(200);
    expect(res.json.score).toMatchObject({ value: 72, band: "A", bandLabel: "Hot" });
    expect(res.json.score.meaning).toMatch(/72 in 100/);
    expect(res.json.status).toEqual({ kind: "scored" });
    expect(res.json.score.points.top[0]).toMatchObject({ points: 12 });
    expect(res.json.summary.text).not.toContain("ada@example.com");
    expect(JSON.stringify(res.json)).not.toContain("ada@example.com");
    expect(res.json.can.flag).toBe(true);
  });

  it("answers 404 for records outside the caller's scope, the same as for unknown ones", async () => {
    const outside = await getInsight("/x", { token: ctx.tokens.rep, params: params(ctx.other.record) });
    const unknown = await getInsight("/x", { token: ctx.tokens.rep, params: { ...params(ctx.owned.record), externalId: "00Q000000000000ZZZ" } });
    const otherRegion = await getInsight("/x", { token: ctx.tokens.naRep, params: params(ctx.owned.record) });
    for (const res of [outside, unknown, otherRegion]) {
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
    }
    expect(outside.json.detail).toBe(unknown.json.detail);
  });

  it("lets the region's manager see it and shows PII to the admin", async () => {
    expect((await getInsight("/x", { token: ctx.tokens.manager, params: params(ctx.owned.record) })).status).toBe(200);
    const admin = await getInsight("/x", { token: ctx.tokens.admin, params: params(ctx.owned.record) });
    expect(admin.json.summary.text).toContain("ada@example.com");
  });

  it("refuses requests without a valid token", async () => {
    const none = await getInsight("/x", { params: params(ctx.owned.record) });
    const bad = await getInsight("/x", { token: "not-a-token", params: params(ctx.owned.record) });
    expect(none.status).toBe(401);
    expect(bad.status).toBe(401);
    expect(none.json).toMatchObject({ status: 401, code: "unauthenticated" });
    expect(none.json.requestId).toBeTruthy();
  });
});

describe("POST flags", () => {
  it("rejects an invalid body with 422 problem+json and writes nothing", async () => {
    const before = await db.flag.count();
    const res = await postFlag("/api/v1/flags", {
      method: "POST", token: ctx.tokens.rep,
      body: { scoreId: ctx.owned.score.id, kind: "NOPE", idempotencyKey: key(), extra: 1 },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(["body.kind"]));
    expect(await db.flag.count()).toBe(before);
  });

  it("rejects malformed JSON (400), a wrong content type (415) and an oversized body (413)", async () => {
    expect((await postFlag("/f", { method: "POST", token: ctx.tokens.rep, rawBody: "{nope" })).status).toBe(400);
    expect((await postFlag("/f", { method: "POST", token: ctx.tokens.rep, rawBody: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } })).status).toBe(415);
    const big = JSON.stringify({ comment: "x".repeat(70_000) });
    expect((await postFlag("/f", { method: "POST", token: ctx.tokens.rep, rawBody: big })).status).toBe(413);
  });

  it("stores the flag, its pending CRM task and its audit row together; a replay returns the same flag", async () => {
    const idempotencyKey = key();
    const body = { scoreId: ctx.owned.score.id, kind: "TOO_HIGH", comment: "They just signed with a competitor", idempotencyKey };
    const first = await postFlag("/api/v1/flags", { method: "POST", token: ctx.tokens.rep, body });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ kind: "TOO_HIGH", status: "OPEN", syncStatus: "PENDING" });

    const again = await postFlag("/api/v1/flags", { method: "POST", token: ctx.tokens.rep, body });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);

    const outbox = await db.outboxMessage.findMany({ where: { sourceId: first.json.id } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: "create_task", status: "PENDING", recordExternalId: ctx.owned.record.externalId });
    const audit = await db.auditEvent.findMany({ where: { action: "flag.create", resourceId: first.json.id } });
    expect(audit.length).toBe(2);
    expect(audit[0]).toMatchObject({ actorUserId: ctx.rep.id, outcome: "success", tenantId: ctx.tenant.id });

    const second = await postFlag("/api/v1/flags", { method: "POST", token: ctx.tokens.rep, body: { ...body, idempotencyKey: key() } });
    expect(second.status).toBe(409);
  });

  it("forbids roles that cannot flag and hides records outside the rep's scope", async () => {
    const denied = await postFlag("/api/v1/flags", {
      method: "POST", token: ctx.tokens.compliance,
      body: { scoreId: ctx.owned.score.id, kind: "TOO_LOW", idempotencyKey: key() },
    });
    expect(denied.status).toBe(403);
    const refusal = await db.auditEvent.findMany({ where: { requestId: denied.headers.get("x-request-id")! } });
    expect(refusal).toEqual([
      expect.objectContaining({ tenantId: ctx.tenant.id, actorUserId: ctx.compliance.id, action: "flag.create", outcome: "denied", details: { status: 403 } }),
    ]);
    const hidden = await postFlag("/api/v1/flags", {
      method: "POST", token: ctx.tokens.rep,
      body: { scoreId: ctx.other.score.id, kind: "TOO_LOW", idempotencyKey: key() },
    });
    expect(hidden.status).toBe(404);
  });

  it("keeps the audit log append-only", async () => {
    // At least one row exists to be tampered with, so the trigger has something to refuse.
    await postFlag("/api/v1/flags", { method: "POST", token: ctx.tokens.compliance, body: { scoreId: ctx.owned.score.id, kind: "TOO_LOW", idempotencyKey: key() } });
    const before = await db.auditEvent.count();
    expect(before).toBeGreaterThan(0);
    await expect(db.auditEvent.updateMany({ data: { action: "tampered" } })).rejects.toThrow("audit_events is append-only");
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow("audit_events is append-only");
    expect(await db.auditEvent.count()).toBe(before);
    expect(await db.auditEvent.count({ where: { action: "tampered" } })).toBe(0);
  });
});
