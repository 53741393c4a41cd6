import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as openRoute } from "@/app/(embed)/embed/hubspot/route";
import { POST as cardRoute } from "@/app/api/v1/hubspot/card/route";
import { POST as exchangeRoute } from "@/app/api/v1/embed/session/route";
import { GET as insightRoute } from "@/app/api/v1/records/[provider]/[objectType]/[externalId]/insight/route";
import { revokeUserSessions } from "@/lib/auth/session";
import { cardFetchRequest, makeHubSpotRecord, makeHubSpotTenant, makeLinkedUser, read } from "@/test/support/hubspot";
import { db } from "@/lib/db";
import { call } from "@/test/support/fixtures";
import { mintIframeToken } from "./hubspot-token";

// The HubSpot iframe entry below the browser: card link → /embed/hubspot (token checked and used
// up) → panel bootstrap code → bearer token → the record's insight. Replays, expiry and revoked
// sessions end on a page that tells the rep to reopen the card.

const exchange = call(exchangeRoute);
const insight = call(insightRoute);
let ctx: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const t = await makeHubSpotTenant();
  const rep = await makeLinkedUser(t, "SALES_REP", "NA", "7001");
  await makeHubSpotRecord(t.tenant.id, { externalId: "555", ownerUserId: rep.id, region: "NA", scored: true });
  return { ...t, rep };
}

async function cardLink(): Promise<string> {
  const res = await read(
    await cardRoute(cardFetchRequest("/api/v1/hubspot/card", { portalId: ctx.portalId, userId: 7001, userEmail: "rep@acme.test" }, { objectId: 555, objectTypeId: "0-1" })),
  );
  return new URL(res.json.openUrl).search;
}

const open = async (search: string) => read(await openRoute(new Request(`http://127.0.0.1:3000/embed/hubspot${search}`)));

beforeAll(async () => {
  ctx = await setup();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("HubSpot iframe entry", () => {
  it("trades the card's link for the panel's bootstrap code, once", async () => {
    const search = await cardLink();
    const first = await open(search);
    expect(first.status).toBe(303);
    const location = first.headers.get("location")!;
    expect(location).toMatch(/^\/embed\/panel\?host=hubspot#code=/);
    const code = decodeURIComponent(location.split("#code=")[1]!);

    const session = await exchange("/api/v1/embed/session", { method: "POST", body: { code } });
    expect(session.status).toBe(200);
    expect(session.json.record).toEqual({ provider: "HUBSPOT", objectType: "contact", externalId: "555" });
    const shown = await insight("/x", { token: session.json.token, params: session.json.record });
    expect(shown.status).toBe(200);
    expect(shown.json.score).toMatchObject({ value: 72 });

    const replay = await open(search);
    expect(replay.status).toBe(401);
    expect(replay.headers.get("content-type")).toContain("text/html");
    expect(replay.text).toContain("This Candor link was already used");
    expect(replay.text).toContain("Open in Candor");
  });

  it("refuses a link older than a minute", async () => {
    const search = await cardLink();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61_000);
    const late = await open(search);
    expect(late.status).toBe(401);
    expect(late.text).toContain("This Candor link has expired");
  });

  it("refuses a missing, forged or foreign token", async () => {
    expect((await open("")).status).toBe(401);
    const forged = await open("?token=eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ4In0.c2lnbmF0dXJl");
    expect(forged.status).toBe(401);
    expect(forged.text).toContain("This Candor link is not valid");
    // A token for another portal than the session's tenant is connected to.
    await cardLink();
    const session = await db.session.findFirstOrThrow({ where: { userId: ctx.rep.id, source: "hubspot_card" }, orderBy: { createdAt: "desc" } });
    const { token } = await mintIframeToken({ sid: session.id, portal: "1", hsu: "7001", rec: "HUBSPOT/contact/555" });
    expect((await open(`?token=${token}`)).text).toContain("Your Candor session has ended");
  });

  it("refuses the link once the user's sessions are revoked", async () => {
    const search = await cardLink();
    await revokeUserSessions(ctx.rep.id);
    const res = await open(search);
    expect(res.status).toBe(401);
    expect(res.text).toContain("Your Candor session has ended");
    const denied = await db.auditEvent.findMany({ where: { requestId: res.headers.get("x-request-id")!, action: "embed.session.open" } });
    expect(denied).toEqual([expect.objectContaining({ tenantId: ctx.tenant.id, outcome: "denied", details: { reason: "session_ended" } })]);
  });
});
