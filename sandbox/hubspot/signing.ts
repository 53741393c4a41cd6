import { createHash, createHmac } from "node:crypto";

// HubSpot signs the URI with these escapes decoded; verifiers are told to decode the same
// set before hashing, so signing the decoded form is what makes the two sides agree.
const V3_DECODED_ESCAPES: Record<string, string> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

export function decodeV3Uri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => V3_DECODED_ESCAPES[m.toUpperCase()] ?? m);
}

export function signV3(args: { clientSecret: string; method: string; uri: string; body: string; timestamp: number }): string {
  const message = `${args.method.toUpperCase()}${decodeV3Uri(args.uri)}${args.body}${args.timestamp}`;
  return createHmac("sha256", args.clientSecret).update(message, "utf8").digest("base64");
}

export function signV1(clientSecret: string, body: string): string {
  return createHash("sha256").update(clientSecret + body, "utf8").digest("hex");
}

export interface SignedRequestInit {
  method: string;
  headers: Record<string, string>;
  body: string;
}

// What HubSpot puts on an outgoing signed request (hubspot.fetch, webhooks): v3 always, v1 optionally.
export function signedRequest(args: {
  clientSecret: string;
  method: string;
  url: string;
  body: string;
  includeV1?: boolean;
  now?: number;
}): SignedRequestInit {
  const timestamp = args.now ?? Date.now();
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "User-Agent": "HubSpot Connect 2.0 (http://dev.hubspot.com/)",
    "X-HubSpot-Request-Timestamp": String(timestamp),
    "X-HubSpot-Signature-v3": signV3({ clientSecret: args.clientSecret, method: args.method, uri: args.url, body: args.body, timestamp }),
  };
  if (args.includeV1) {
    headers["X-HubSpot-Signature"] = signV1(args.clientSecret, args.body);
    headers["X-HubSpot-Signature-Version"] = "v1";
  }
  return { method: args.method, headers, body: args.body };
}
