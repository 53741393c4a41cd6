import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CanvasError, canvasRecord, verifyCanvasRequest } from "./canvas";

const SECRET = "consumer-secret-1234567890";
const ORG = "00D000000000001AAA";
const INSTANCE = "https://acme.my.salesforce.com";

function envelope(over: Record<string, unknown> = {}) {
  return {
    algorithm: "HMACSHA256",
    issuedAt: -1234,
    userId: "005000000000001AAA",
    client: { oauthToken: "tok", instanceUrl: INSTANCE, targetOrigin: INSTANCE, instanceId: null, clientId: "ck" },
    context: {
      user: { userId: "005000000000001AAA", userName: "rep@acme.example", email: "rep@acme.example", fullName: "Rep One" },
      organization: { organizationId: ORG, name: "Acme" },
      environment: { parameters: { recordId: "00Q000000000001AAA" }, record: {} },
    },
    ...over,
  };
}

function sign(payloadObj: unknown, secret = SECRET) {
  const payload = Buffer.from(JSON.stringify(payloadObj)).toString("base64");
  const sig = createHmac("sha256", secret).update(payload).digest("base64");
  return `${sig}.${payload}`;
}

const trust = async (org: string) => (org === ORG ? { secret: SECRET, instanceUrl: INSTANCE } : null);

async function reason(p: Promise<unknown>) {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof CanvasError) return e.reason;
    throw e;
  }
}

describe("verifyCanvasRequest", () => {
  it("accepts a correctly signed request and finds the record", async () => {
    const { envelope: env, replayKey } = await verifyCanvasRequest(sign(envelope()), trust);
    expect(env.context.user.email).toBe("rep@acme.example");
    expect(canvasRecord(env)).toEqual({ sobject: "Lead", id: "00Q000000000001AAA" });
    expect(replayKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names each failure without trusting the payload", async () => {
    expect(await reason(verifyCanvasRequest(null, trust))).toBe("missing");
    expect(await reason(verifyCanvasRequest("no-dot-here", trust))).toBe("malformed");
    expect(await reason(verifyCanvasRequest("abc.%%%", trust))).toBe("malformed");
    expect(await reason(verifyCanvasRequest(sign(envelope(), "wrong-secret"), trust))).toBe("bad_signature");
    expect(await reason(verifyCanvasRequest(sign(envelope({ algorithm: "HMACSHA1" })), trust))).toBe("wrong_algorithm");
    const otherOrg = envelope();
    otherOrg.context.organization.organizationId = "00D000000000009ZZZ";
    expect(await reason(verifyCanvasRequest(sign(otherOrg), trust))).toBe("unknown_org");
    expect(
      await reason(verifyCanvasRequest(sign(envelope({ client: { instanceUrl: "https://evil.my.salesforce.com" } })), trust)),
    ).toBe("instance_mismatch");
  });

  it("rejects a payload changed after signing", async () => {
    const good = sign(envelope());
    const [sig] = good.split(".");
    const tampered = envelope();
    tampered.context.user.email = "admin@acme.example";
    const payload = Buffer.from(JSON.stringify(tampered)).toString("base64");
    expect(await reason(verifyCanvasRequest(`${sig}.${payload}`, trust))).toBe("bad_signature");
  });

  it("never accepts a request signed with another key (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s !== SECRET), async (secret) => {
        expect(await reason(verifyCanvasRequest(sign(envelope(), secret), trust))).toBe("bad_signature");
      }),
      { numRuns: 50 },
    );
  });

  it("only ever fails with a CanvasError on arbitrary input (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (input) => {
        expect(await reason(verifyCanvasRequest(input, trust))).not.toBe("ok");
      }),
      { numRuns: 200 },
    );
  });

  // The replay key names the verified signature bytes, so every base64 text Salesforce's signature
  // could be re-encoded as (padding dropped or doubled, the unused low bits of the last character
  // changed, any character swapped) either verifies to the very same key or is refused: one
  // captured request can never become a second session.
  it("gives every re-encoding of a signature that decodes to the same bytes the same replay key, and refuses all others (property)", async () => {
    const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const reEncoding = fc.record({
      lowBits: fc.integer({ min: 0, max: 3 }),
      padding: fc.constantFrom("", "=", "=="),
      swap: fc.option(fc.tuple(fc.nat(), fc.constantFrom(...ALPHABET)), { freq: 3 }),
    });
    const requestArb = fc.record({
      secret: fc.string({ minLength: 1, maxLength: 40 }),
      email: fc.emailAddress(),
      recordId: fc.stringMatching(/^00Q[A-Za-z0-9]{15}$/),
    });
    await fc.assert(
      fc.asyncProperty(requestArb, reEncoding, async ({ secret, email, recordId }, { lowBits, padding, swap }) => {
        const env = envelope();
        env.context.user.email = email;
        env.context.environment.parameters.recordId = recordId;
        const original = sign(env, secret);
        const dot = original.indexOf(".");
        const sig = original.slice(0, dot);
        let chars = [...sig.replace(/=+$/, "")];
        // HMAC-SHA256 is 32 bytes: the 43rd character carries 2 bits that decode to nothing.
        chars[42] = ALPHABET[(ALPHABET.indexOf(chars[42]!) & ~0b11) | lowBits]!;
        if (swap) chars[swap[0] % chars.length] = swap[1];
        const variant = `${chars.join("")}${padding}${original.slice(dot)}`;
        const own = async (org: string) => (org === ORG ? { secret, instanceUrl: INSTANCE } : null);
        const first = await verifyCanvasRequest(original, own);
        const variantSig = variant.slice(0, variant.indexOf("."));
        const sameBytes = /^[A-Za-z0-9+/]+={0,2}$/.test(variantSig) && Buffer.from(variantSig, "base64").equals(Buffer.from(sig, "base64"));
        let key: string | null = null;
        try {
          key = (await verifyCanvasRequest(variant, own)).replayKey;
        } catch (err) {
          expect(err).toBeInstanceOf(CanvasError);
          expect(["malformed", "bad_signature"]).toContain((err as CanvasError).reason);
        }
        expect(key).toBe(sameBytes ? first.replayKey : null);
      }),
      { numRuns: 300 },
    );
  });
});
