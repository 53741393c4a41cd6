import { randomInt } from "node:crypto";
import type { HubSpotSandboxOptions, SandboxHsUser } from "./index.js";
import { signedRequest } from "./signing.js";

const FETCH_TIMEOUT_MS = 15_000;
const APP_ID = 1_000_001;

export interface CardFetchResult {
  status: number;
  statusText: string;
  contentType: string;
  body: string;
}

// Context values arrive in app cards as numbers (context.portal.id, context.user.id,
// context.crm.objectId), so a card that forwards them sends numbers.
function asNumber(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * What `hubspot.fetch(cardFetchUrl, {method: "POST", body})` does on HubSpot's side: a server-side
 * POST signed with v3 over the URL exactly as configured, retried once on a connection failure
 * or a 5xx within the timeout.
 */
export async function cardFetch(
  opts: HubSpotSandboxOptions,
  args: { user: SandboxHsUser; objectId: string; objectTypeId: string },
): Promise<CardFetchResult> {
  const body = JSON.stringify({
    portalId: asNumber(opts.portalId),
    userId: asNumber(args.user.id),
    userEmail: args.user.email,
    objectId: asNumber(args.objectId),
    objectTypeId: args.objectTypeId,
  });
  // HubSpot appends who is viewing to the configured URL, then signs the result.
  const url = new URL(opts.cardFetchUrl);
  url.searchParams.set("userId", args.user.id);
  url.searchParams.set("userEmail", args.user.email);
  url.searchParams.set("appId", String(APP_ID));
  url.searchParams.set("portalId", opts.portalId);
  const deadline = Date.now() + FETCH_TIMEOUT_MS;
  let last: CardFetchResult | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    const init = signedRequest({ clientSecret: opts.clientSecret, method: "POST", url: url.toString(), body });
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
      last = { status: res.status, statusText: res.statusText, contentType: res.headers.get("content-type") ?? "", body: await res.text() };
      if (res.status < 500) return last;
    } catch (err) {
      const timedOut = (err as Error).name === "TimeoutError";
      last = { status: timedOut ? 504 : 502, statusText: timedOut ? "Gateway Timeout" : "Bad Gateway", contentType: "", body: "" };
      if (timedOut) return last;
    }
  }
  return last!;
}

/** Fills what HubSpot always sends so callers need only give the fields a test cares about. */
function completeEvent(opts: HubSpotSandboxOptions, event: Record<string, unknown>, index: number): Record<string, unknown> {
  return {
    eventId: randomInt(1, 2 ** 31),
    subscriptionId: 1_000_000 + index,
    portalId: Number(opts.portalId),
    appId: APP_ID,
    occurredAt: Date.now(),
    attemptNumber: 0,
    changeSource: "CRM",
    ...event,
  };
}

export async function deliverWebhook(
  opts: HubSpotSandboxOptions,
  targetUrl: string,
  events: Array<Record<string, unknown>>,
): Promise<Response> {
  const body = JSON.stringify(events.map((e, i) => completeEvent(opts, e, i)));
  const init = signedRequest({ clientSecret: opts.clientSecret, method: "POST", url: targetUrl, body, includeV1: true });
  init.headers["User-Agent"] = "HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon-executor";
  return fetch(targetUrl, { ...init, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
}
