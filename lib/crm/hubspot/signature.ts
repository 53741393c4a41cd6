import { createHmac } from "node:crypto";
import { constantTimeEqual } from "@/lib/crypto";

// HubSpot request signature v3 (shared/crm-protocols.md): base64 HMAC-SHA256 with the app's client
// secret over method + URI + body + timestamp, the URI with a fixed set of percent escapes decoded.
// The URI is rebuilt from Candor's configured public base URL and the request's raw path and
// query: behind a proxy the server sees http://internal-host, while HubSpot signed https://public.

export const SIGNATURE_HEADER = "x-hubspot-signature-v3";
export const TIMESTAMP_HEADER = "x-hubspot-request-timestamp";
export const MAX_AGE_MS = 5 * 60_000;

export type SignatureFailure = "missing" | "stale" | "bad_signature";

const DECODED: Record<string, string> = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
  "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};

export function decodeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()]!);
}

// The path and query exactly as they arrived (no normalisation, no re-encoding).
export function rawPathAndQuery(requestUrl: string): string {
  const rest = requestUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").replace(/#.*$/, "");
  return rest === "" ? "/" : rest.startsWith("?") ? `/${rest}` : rest;
}

export function signedUri(publicBaseUrl: string, requestUrl: string): string {
  return publicBaseUrl.replace(/\/+$/, "") + rawPathAndQuery(requestUrl);
}

export function signV3(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac("sha256", secret).update(`${method.toUpperCase()}${decodeSignedUri(uri)}${body}${timestamp}`, "utf8").digest("base64");
}

// Checks that do not need the secret, so a stale or unsigned request is refused before any lookup.
export function checkTimestamp(signature: string | null, timestamp: string | null, now = Date.now()): SignatureFailure | null {
  if (!signature || !timestamp) return "missing";
  if (!/^\d{1,16}$/.test(timestamp)) return "stale";
  return Math.abs(now - Number(timestamp)) > MAX_AGE_MS ? "stale" : null;
}

export function verifyV3(input: {
  secret: string;
  method: string;
  uri: string;
  body: string;
  signature: string | null;
  timestamp: string | null;
  now?: number;
}): { ok: true } | { ok: false; reason: SignatureFailure } {
  const early = checkTimestamp(input.signature, input.timestamp, input.now);
  if (early) return { ok: false, reason: early };
  const expected = signV3(input.secret, input.method, input.uri, input.body, input.timestamp!);
  const ok = constantTimeEqual(Buffer.from(expected, "utf8"), Buffer.from(input.signature!, "utf8"));
  return ok ? { ok: true } : { ok: false, reason: "bad_signature" };
}
