import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHubSpotSandbox, type HubSpotSandbox } from "./index.js";
import { TEST_APP, testOptions } from "@/test/support/hubspot-sandbox";
import { startReceiver } from "./test-receiver.js";

const CARD = {
  title: "Candor score",
  score: { value: 87, band: "high", label: "Likely to convert" },
  reasons: [{ text: "Opened pricing page 4×", points: 12 }],
  openUrl: "http://localhost:3000/embed/hubspot?token=abc",
};

let sandbox: HubSpotSandbox;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let cardStatus = 200;

beforeAll(async () => {
  receiver = await startReceiver(TEST_APP.clientSecret, (req, res) => {
    if (!req.v3Valid) return res.writeHead(401, { "Content-Type": "application/json" }).end('{"message":"bad signature"}');
    res.writeHead(cardStatus, { "Content-Type": "application/json" }).end(JSON.stringify(cardStatus === 200 ? CARD : { message: "nope" }));
  });
  sandbox = await startHubSpotSandbox(testOptions({ cardFetchUrl: `${receiver.origin}/api/hubspot/card?v=1` }));
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

describe("/_card (hubspot.fetch on the server side)", () => {
  it("POSTs the card context to cardFetchUrl with a v3 signature that verifies", async () => {
    cardStatus = 200;
    const before = Date.now();
    const res = await fetch(`${sandbox.url}/_card?objectTypeId=0-1&objectId=101&userId=9002`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(CARD);

    const got = receiver.received.at(-1)!;
    expect(got.method).toBe("POST");
    // HubSpot appends the viewer to the configured URL and signs the result.
    expect(got.uri).toBe(`${receiver.origin}/api/hubspot/card?v=1&userId=9002&userEmail=manager@acme.test&appId=1000001&portalId=4411223`);
    expect(got.v3Valid).toBe(true);
    expect(Number(got.headers["x-hubspot-request-timestamp"])).toBeGreaterThanOrEqual(before);
    expect(got.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(got.body)).toEqual({ portalId: 4411223, userId: 9002, userEmail: "manager@acme.test", objectId: 101, objectTypeId: "0-1" });
  });

  it("passes Candor's error status through so the card can show it", async () => {
    cardStatus = 403;
    const res = await fetch(`${sandbox.url}/_card?objectTypeId=0-3&objectId=701&userId=9001`);
    expect(res.status).toBe(403);
    expect(res.statusText).toBe("Forbidden");
    cardStatus = 200;
  });

  it("answers 502 when the card backend cannot be reached", async () => {
    const offline = await startHubSpotSandbox(testOptions({ cardFetchUrl: "http://127.0.0.1:9/card" }));
    try {
      const res = await fetch(`${offline.url}/_card?objectTypeId=0-1&objectId=101&userId=9001`);
      expect(res.status).toBe(502);
    } finally {
      await offline.close();
    }
  });

  it("refuses unknown records and users", async () => {
    expect((await fetch(`${sandbox.url}/_card?objectTypeId=0-1&objectId=999&userId=9001`)).status).toBe(404);
    expect((await fetch(`${sandbox.url}/_card?objectTypeId=0-1&objectId=101&userId=1`)).status).toBe(400);
  });
});

describe("record page", () => {
  it("renders a contact with properties, timeline placeholder and the Candor card", async () => {
    const res = await fetch(`${sandbox.url}/contacts/4411223/record/0-1/101?as=9001`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h1>Ada Lovelace</h1>");
    expect(html).toContain('data-property="email"');
    expect(html).toContain("ada@acme.test");
    expect(html).toContain('id="candor-card"');
    expect(html).toContain("No activities yet.");
    expect(html).toContain('{"objectTypeId":"0-1","objectId":"101","userId":"9001"}');
    expect(html).not.toContain("candor_score");
  });

  it("renders companies (0-2) and deals (0-3), and 404/403 for wrong portal or user", async () => {
    expect(await (await fetch(`${sandbox.url}/contacts/4411223/record/0-2/501?as=9001`)).text()).toContain("<h1>Acme Corp</h1>");
    expect(await (await fetch(`${sandbox.url}/contacts/4411223/record/0-3/701`)).text()).toContain("<h1>Acme renewal</h1>");
    expect((await fetch(`${sandbox.url}/contacts/1/record/0-1/101`)).status).toBe(404);
    expect((await fetch(`${sandbox.url}/contacts/4411223/record/0-1/101?as=nobody`)).status).toBe(403);
  });

  it("shows Candor's properties once they exist and escapes record values", async () => {
    const { accessToken } = sandbox.issueTokens();
    const api = (path: string, method: string, body: unknown) =>
      fetch(`${sandbox.url}${path}`, { method, headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    expect((await api("/crm/v3/properties/contacts/groups", "POST", { name: "candor", label: "Candor" })).status).toBe(201);
    expect((await api("/crm/v3/properties/contacts", "POST", { name: "candor_score", label: "Candor score", type: "number", fieldType: "number", groupName: "candor" })).status).toBe(201);
    expect((await api("/crm/v3/objects/contacts/102", "PATCH", { properties: { candor_score: "42", jobtitle: "<script>x</script>" } })).status).toBe(200);

    const html = await (await fetch(`${sandbox.url}/contacts/4411223/record/0-1/102?as=9001`)).text();
    expect(html).toMatch(/data-property="candor_score"><dt>Candor score<\/dt><dd>42<\/dd>/);
    expect(html).toContain("&#60;script&#62;x&#60;/script&#62;");
  });

  it("lists records with links on /", async () => {
    const html = await (await fetch(`${sandbox.url}/`)).text();
    expect(html).toContain('href="/contacts/4411223/record/0-1/101?as=9001"');
    expect(html).toContain('href="/contacts/4411223/record/0-3/701?as=9001"');
  });
});
