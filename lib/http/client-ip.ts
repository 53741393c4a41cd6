import { isIP } from "node:net";

// The client's address, only when a proxy Candor trusts reports it. Each trusted proxy in front of
// Candor appends the address it saw to X-Forwarded-For, so with N of them (TRUSTED_PROXY_HOPS) the
// client is the Nth entry from the right; whatever stands further left was written by the client
// itself. With none, the header is the client's own word (Next fills it from the socket only when
// it is absent): no address is known, and null says so.
export function clientIp(headers: Headers, trustedProxyHops: number): string | null {
  if (trustedProxyHops <= 0) return null;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const candidate = chain[chain.length - trustedProxyHops];
  if (!candidate) return null;
  const address = candidate.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return isIP(address) ? address.toLowerCase() : null;
}
