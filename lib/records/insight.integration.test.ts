import { beforeAll, describe, expect, it } from "vitest";
import { GET as getInsight } from "@/app/api/v1/records/[provider]/[objectType]/[externalId]/insight/route";
import { DELETE as endOverride, PUT as setOverride } from "@/app/api/v1/records/[provider]/[objectType]/[externalId]/override/route";
import { createSession, issueAccessToken } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { expireOverride } from "@/lib/scoring/overrides";
import { call, makeScoredRecord, makeTenant, makeUser, tokenFor } from "@/test/support/fixtures";
import { recordRef } from "./ref";

// What the panel's read path answers, per role: personal data in the caller's PII mode, honest
// refusals on the record the embedded session was opened for, and scores set by hand.

let w: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { tenant, connection } = await makeTenant();
  const rep = await makeUser(tenant.id, "SALES_REP", "EMEA", "Rita Rep");
  const peer = await makeUser(tenant.id, "SALES_REP", "EMEA", "Pete Peer");
  const scientist = await makeUser(tenant.id, "DATA_SCIENTIST", null, "Dana Data");
  const admin = await makeUser(tenant.id, "ADMIN", null, "Ada Admin");
  const mine = await makeScoredRecord(tenant.id, { ownerUserId: rep.id, region: "EMEA" });
  const theirs = await makeScoredRecord(tenant.id, { ownerUserId: peer.id, region: "EMEA" });
  return { tenant, connection, rep, peer, scientist, admin, mine, theirs };
}

beforeAll(async () => {
  w = await setup();
});

const params = (r: { externalId: string }) => ({ provider: "SALESFORCE", objectType: "Lead", externalId: r.externalId });
const read = (token: string, r: { externalId: string }) => call(getInsight)("/api/v1/records/x/insight", { token, params: params(r) });

async function boundToken(user: { id: string; tenantId: string }, externalId: string) {
  const session = await createSession({ tenantId: user.tenantId, userId: user.id, source: "salesforce_canvas", recordRef: recordRef({ provider: "SALESFORCE", objectType: "Lead", externalId }) });
  return (await issueAccessToken(session.id)).token;
}

describe("personal data in the panel follows the caller's PII mode", () => {
  it("masks it visibly for a rep, hides it for a data scientist, shows it to an admin", async () => {
    const rep = await read(await tokenFor(w.rep), w.mine.record);
    expect(rep.status).toBe(200);
    expect(rep.json.record.name).toBe("A. L.");
    expect(rep.json.summary.text).toBe("A. L. (a\u2022\u2022\u2022@example.com) asked for a demo.");
    expect(rep.json.summary.sentences[0].facts[0].value).toBe("a\u2022\u2022\u2022@example.com");
    expect(rep.json.privacy).toEqual({ mode: "masked", note: "Personal details are masked for your role (Sales rep)." });

    const scientist = await read(await tokenFor(w.scientist), w.mine.record);
    expect(scientist.json.record.name).toBe("[name hidden]");
    expect(scientist.json.summary.text).toBe("[name hidden] ([email hidden]) asked for a demo.");
    expect(scientist.json.privacy.mode).toBe("hidden");

    const admin = await read(await tokenFor(w.admin), w.mine.record);
    expect(admin.json.record.name).toBe("Ada Lovelace");
    expect(admin.json.summary.text).toBe("Ada Lovelace (ada@example.com) asked for a demo.");
    expect(admin.json.privacy).toEqual({ mode: "full", note: null });
  });
});

describe("honest refusals on the record the session was opened for", () => {
  it("names the rule that hides a record the user can see in the CRM", async () => {
    const res = await read(await boundToken(w.rep, w.theirs.record.externalId), w.theirs.record);
    expect(res.status).toBe(403);
    expect(res.json.detail).toBe("Sales reps may view AI scores only on records they own.");
  });

  it("says a record Candor has no copy of is not synced yet", async () => {
    const res = await read(await boundToken(w.rep, "00Q0000000000NEWAA"), { externalId: "00Q0000000000NEWAA" });
    expect(res.status).toBe(404);
    expect(res.json.detail).toBe("Candor has not synced this record yet.");
  });

  it("answers any other record outside the scope exactly like a missing one", async () => {
    const token = await boundToken(w.rep, w.mine.record.externalId);
    const outside = await read(token, w.theirs.record);
    const missing = await read(token, { externalId: "00Q0000000000NONEA" });
    expect([outside.status, missing.status]).toEqual([404, 404]);
    expect({ ...outside.json, requestId: null }).toEqual({ ...missing.json, requestId: null });
  });
});

describe("scores set by hand", () => {
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

  it("lets a data scientist override with a reason and expiry: shown in the panel, written to the CRM, audited", async () => {
    const token = await tokenFor(w.scientist);
    const res = await call(setOverride)("/x", { method: "PUT", token, params: params(w.mine.record), body: { value: 91, reason: "Signed LOI received by email", expiresAt: inDays(14) } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ value: 91, band: "A" });
    const panel = await read(await tokenFor(w.rep), w.mine.record);
    expect(panel.json.override).toMatchObject({ value: 91, band: "A", bandLabel: "Hot", reason: "Signed LOI received by email", setBy: "Dana Data" });
    expect(panel.json.score.value).toBe(72);
    const outbox = await db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: `override:${res.json.id}` } });
    expect(outbox).toMatchObject({ kind: "update_fields", recordExternalId: w.mine.record.externalId, payload: { score: 91, band: "A", modelVersion: "override" } });
    expect(await db.auditEvent.count({ where: { action: "score.override.set", actorUserId: w.scientist.id, outcome: "success" } })).toBe(1);
    expect(await db.trainingLabel.count({ where: { recordId: w.mine.record.id } })).toBe(0);
  });

  it("refuses reps (no override capability), past expiries and out-of-range values", async () => {
    expect((await call(setOverride)("/x", { method: "PUT", token: await tokenFor(w.rep), params: params(w.mine.record), body: { value: 50, reason: "I know better", expiresAt: inDays(1) } })).status).toBe(403);
    const token = await tokenFor(w.admin);
    expect((await call(setOverride)("/x", { method: "PUT", token, params: params(w.mine.record), body: { value: 50, reason: "Too late now", expiresAt: inDays(-1) } })).status).toBe(422);
    expect((await call(setOverride)("/x", { method: "PUT", token, params: params(w.mine.record), body: { value: 101, reason: "Too much", expiresAt: inDays(1) } })).status).toBe(422);
  });

  it("ends an override on request, and on expiry gives the CRM the model's score back", async () => {
    const token = await tokenFor(w.admin);
    const set = await call(setOverride)("/x", { method: "PUT", token, params: params(w.theirs.record), body: { value: 20, reason: "Duplicate of another lead", expiresAt: inDays(2) } });
    const ended = await call(endOverride)("/x", { method: "DELETE", token, params: params(w.theirs.record), body: { reason: "Not a duplicate after all" } });
    expect(ended.status).toBe(200);
    expect((await read(token, w.theirs.record)).json.override).toBeNull();
    expect(await db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: `override-end:${set.json.id}` } })).toMatchObject({ payload: { score: 72, band: "A" } });
    expect((await call(endOverride)("/x", { method: "DELETE", token, params: params(w.theirs.record), body: { reason: "Again" } })).status).toBe(404);

    const again = await call(setOverride)("/x", { method: "PUT", token, params: params(w.theirs.record), body: { value: 33, reason: "Waiting on legal", expiresAt: inDays(1) } });
    const later = new Date(Date.now() + 2 * 86_400_000);
    expect(await db.$transaction((tx) => expireOverride(tx, w.tenant.id, again.json.id, later))).toEqual({ expired: true });
    expect(await db.outboxMessage.findFirstOrThrow({ where: { idempotencyKey: `override-expired:${again.json.id}` } })).toMatchObject({ payload: { score: 72 } });
    expect(await db.$transaction((tx) => expireOverride(tx, w.tenant.id, again.json.id, later))).toEqual({ expired: false });
  });
});
