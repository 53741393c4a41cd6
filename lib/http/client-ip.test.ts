import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });
const address = fc.oneof(fc.ipV4(), fc.ipV6());
const junk = fc.oneof(address, fc.string({ maxLength: 20 }).filter((s) => !s.includes(",")));

describe("clientIp", () => {
  it("trusts no header without trusted proxies: whatever the client wrote is not an address", () => {
    fc.assert(
      fc.property(fc.array(junk, { maxLength: 4 }), (chain) => {
        expect(clientIp(xff(chain.join(", ")), 0)).toBeNull();
      }),
    );
  });

  it("takes the entry the outermost trusted proxy appended, whatever the client put before it", () => {
    fc.assert(
      fc.property(fc.array(junk, { maxLength: 4 }), address, fc.array(fc.ipV4(), { maxLength: 3 }), (forged, client, proxies) => {
        const header = xff([...forged, client, ...proxies].join(", "));
        expect(clientIp(header, proxies.length + 1)).toBe(client.toLowerCase());
      }),
    );
  });

  it("answers null when the chain is shorter than the proxies or the entry is not an address", () => {
    expect(clientIp(xff("203.0.113.7"), 2)).toBeNull();
    expect(clientIp(xff("not-an-ip"), 1)).toBeNull();
    expect(clientIp(new Headers(), 1)).toBeNull();
    expect(clientIp(xff("1.2.3.4, ::ffff:198.51.100.3"), 1)).toBe("198.51.100.3");
  });
});
