import { createHmac } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHubSpotSandbox, type HubSpotSandbox } from "./index.js";
import { signV1, signV3 } from "./signing.js";
import { TEST_APP, testOptions } from "@/test/support/hubspot-sandbox";
import { startReceiver } from "./test-receiver.js";

describe("signV1", () => {
  it("matches the worked example in HubSpot's v1 validation docs", () => {
    const body =
      '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
    expect(signV1("yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy", body)).toBe("232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de");
  });
});

describe("signV3", () => {
  it("is base64 HMAC-SHA256 over method + uri + body + timestamp", () => {
    const uri = "https://candor.test/api/hubspot/card?portalId=4411223";
    const body = '{"objectId":101,"note":"héllo"}';
    const expected = createHmac("sha256", "s3cret").update(Buffer.from(`POST${uri}${body}1700000000000`, "utf8")).digest("base64");
    expect(signV3({ clientSecret: "s3cret", method: "POST", uri, body, timestamp: 1700000000000 })).toBe(expected);
  });

  it("agrees with any URI that has no percent escapes", () => {
    fc.assert(
      fc.property(fc.string(), fc.webUrl().filter((u) => !u.includes("%")), fc.string(), fc.nat(), (secret, uri, body, ts) => {
        const expected = createHmac("sha256", secret).update(`GET${uri}${body}${ts}`).digest("base64");
        return signV3({ clientSecret: secret, method: "GET", uri, body, timestamp: ts }) === expected;
      }),
      { numRuns: 200 },
    );
  });

  it("signs the URI with the listed escapes decoded, so a verifier that decodes them agrees", () => {
    const raw = "https://candor.test/cb?next=https%3A%2F%2Fapp.test%2Fx%3Fa%3Db&who=%40rep&sp=%20";
    const decoded = "https://candor.test/cb?next=https://app.test/x?a%3Db&who=@rep&sp=%20";
    const expected = createHmac("sha256", "k").update(`POST${decoded}{}1`).digest("base64");
    expect(signV3({ clientSecret: "k", method: "POST", uri: raw, body: "{}", timestamp: 1 })).toBe(expected);
  });
});

describe("sendWebhook", () => {
  let sandbox: HubSpotSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    sandbox = await startHubSpotSandbox(testOptions());
    receiver = await startReceiver(TEST_APP.clientSecret, (_req, res) => res.writeHead(204).end());
  });
  afterAll(async () => {
    await receiver.close();
    await sandbox.close();
  });

  it("POSTs a JSON array carrying v1 and v3 signatures that verify", async () => {
    const target = `${receiver.origin}/api/webhooks/hubspot?src=%40hubspot`;
    const res = await sandbox.sendWebhook(target, [
      { subscriptionType: "contact.propertyChange", objectId: 101, propertyName: "lifecyclestage", propertyValue: "customer" },
      { subscriptionType: "deal.creation", objectId: 701, eventId: 42 },
    ]);
    expect(res.status).toBe(204);

    const got = receiver.received.at(-1)!;
    expect(got.method).toBe("POST");
    expect(got.v1Valid).toBe(true);
    expect(got.v3Valid).toBe(true);
    expect(got.headers["x-hubspot-signature-version"]).toBe("v1");
    expect(got.headers["content-type"]).toBe("application/json");

    const events = JSON.parse(got.body) as Array<Record<string, unknown>>;
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      portalId: 4411223,
      subscriptionType: "contact.propertyChange",
      objectId: 101,
      propertyName: "lifecyclestage",
      propertyValue: "customer",
      attemptNumber: 0,
      changeSource: "CRM",
      eventId: expect.any(Number),
      subscriptionId: expect.any(Number),
      occurredAt: expect.any(Number),
    });
    expect(events[1]?.eventId).toBe(42);
  });
});
