import { createHmac, timingSafeEqual } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANDOR_TASK_FLAG_FIELD } from "../../lib/crm/salesforce/fields";
import { signCanvasRequest } from "./canvas";
import { CANVAS_URL, CONSUMER_KEY, CONSUMER_SECRET, connect, MANAGER, REP, sfId, startSandbox } from "@/test/support/salesforce-sandbox";
import type { SalesforceSandbox } from "./index";

const LEAD_ID = sfId("00Q5g00000LEAD1");
let sandbox: SalesforceSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    records: { Lead: [{ Id: LEAD_ID, FirstName: "Ada", LastName: "Lovelace", Company: "Analytical <Engines>", Candor_Score__c: 72, Candor_Band__c: "B" }] },
  });
});
afterAll(() => sandbox.close());

const page = async (path: string) => {
  const res = await fetch(`${sandbox.url}${path}`);
  return { status: res.status, type: res.headers.get("content-type"), html: await res.text() };
};

/** The signed_request a browser would post, read out of the canvas frame's auto-submitting form. */
async function signedRequestFrom(path: string): Promise<{ action: string; value: string }> {
  const { html } = await page(path);
  const action = /<form id="canvas-form" method="POST" action="([^"]+)"/.exec(html)?.[1];
  const value = /name="signed_request" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !value) throw new Error("no canvas form");
  return { action, value: value.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&") };
}

describe("record page", () => {
  it("renders a Lightning-like page with the Candor canvas in a 400px right column", async () => {
    const { status, type, html } = await page(`/lightning/r/Lead/${LEAD_ID}/view`);
    expect(status).toBe(200);
    expect(type).toContain("text/html");
    expect(html).toContain('<iframe id="candor-canvas" title="Candor"');
    expect(html).toContain('style="width:400px;height:640px;border:0"');
    expect(html).toContain(`src="/canvas/frame?sobject=Lead&amp;id=${LEAD_ID}&amp;as=${REP.Id}"`);
    expect(html).toContain("grid-template-columns:minmax(0,1fr) 400px");
    expect(html).toContain('data-field="Name">Ada Lovelace<');
    expect(html).toContain('data-field="Candor_Score__c">72<');
    expect(html).toContain("Analytical &lt;Engines&gt;");
    expect(html).not.toMatch(/<(link|script) [^>]*(href|src)="http/);
  });

  it("shows a Task Candor writes after a reload, and the Candor fields as they now are", async () => {
    const conn = connect(sandbox);
    await conn.sobject("Task").create({ Subject: "Candor flag: score looks wrong", WhoId: LEAD_ID, [CANDOR_TASK_FLAG_FIELD.name]: "flag-1" });
    await conn.sobject("Lead").update({ Id: LEAD_ID, Candor_Score__c: 91 });
    const { html } = await page(`/lightning/r/Lead/${LEAD_ID}/view?as=${MANAGER.Id}`);
    expect(html).toContain("Candor flag: score looks wrong");
    expect(html).toContain("Activity (1)");
    expect(html).toContain('data-field="Candor_Score__c">91<');
    expect(html).toContain("Viewing as <strong>Max Manager</strong>");
  });

  it("answers unknown records and users with a 404 page", async () => {
    expect((await page(`/lightning/r/Lead/${sfId("00Q5g00000ZZZZZ")}/view`)).status).toBe(404);
    expect((await page(`/lightning/r/Lead/${LEAD_ID}/view?as=${sfId("0055g00000ZZZZZ")}`)).status).toBe(404);
    expect((await page(`/canvas/frame?sobject=Lead&id=nope`)).status).toBe(404);
    const index = await page("/");
    expect(index.html).toContain(`href="/lightning/r/Lead/${LEAD_ID}/view"`);
  });
});

describe("canvas signed request", () => {
  it("posts a signed request that verifies with the consumer secret and carries the record id", async () => {
    const { action, value } = await signedRequestFrom(`/canvas/frame?sobject=Lead&id=${LEAD_ID}&as=${MANAGER.Id}`);
    expect(action).toBe(CANVAS_URL.split("#")[0]);
    const dot = value.indexOf(".");
    const [signature, payload] = [value.slice(0, dot), value.slice(dot + 1)];
    const expected = createHmac("sha256", CONSUMER_SECRET).update(payload).digest();
    const given = Buffer.from(signature, "base64");
    expect(given.length === expected.length && timingSafeEqual(given, expected)).toBe(true);
    const envelope = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
    expect(envelope).toMatchObject({
      algorithm: "HMACSHA256",
      userId: MANAGER.Id,
      client: { refreshToken: null, instanceUrl: sandbox.url, targetOrigin: sandbox.url, clientId: CONSUMER_KEY },
      context: {
        user: { userId: MANAGER.Id, userName: MANAGER.Username, fullName: "Max Manager", userType: "STANDARD" },
        organization: { organizationId: "00D5g000004CANDOR", name: "Acme Corp", currencyIsoCode: "USD" },
        application: { authType: "SIGNED_REQUEST", canvasUrl: CANVAS_URL, developerName: "Candor" },
        links: { restUrl: "/services/data/v63.0/", loginUrl: sandbox.url },
        environment: { displayLocation: "Visualforce", uiTheme: "Theme4d", parameters: { recordId: LEAD_ID }, dimensions: { clientWidth: "400px" } },
      },
    });
    const info = await fetch(`${sandbox.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${envelope.client.oauthToken}` } });
    expect(await info.json()).toMatchObject({ user_id: MANAGER.Id, organization_id: "00D5g000004CANDOR" });
  });

  it("signs exactly as crm-protocols.md describes", () => {
    const signed = signCanvasRequest({ algorithm: "HMACSHA256", n: "é+/" }, "s3cret");
    const payload = Buffer.from(JSON.stringify({ algorithm: "HMACSHA256", n: "é+/" })).toString("base64");
    expect(signed).toBe(`${createHmac("sha256", "s3cret").update(payload).digest("base64")}.${payload}`);
  });
});
