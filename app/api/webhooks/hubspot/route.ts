import { firstPortal, acceptDelivery, MAX_EVENTS } from "@/lib/crm/hubspot/webhooks";
import { parseJson, signedHubSpotRoute } from "@/lib/crm/hubspot/signed-route";

// HubSpot webhook deliveries (the app's target URL). Verified by the v3 signature, deduplicated,
// turned into record-sync jobs, answered at once: the work happens in the job runner, so HubSpot
// never times out waiting and retries.

export const POST = signedHubSpotRoute({
  action: "webhook.hubspot.receive",
  // 100 events of well under 1 KB each.
  maxBodyBytes: MAX_EVENTS * 2048,
  portalOf: (raw) => {
    try {
      return firstPortal(JSON.parse(raw));
    } catch {
      return null;
    }
  },
  async handler({ rawBody, connection }) {
    return acceptDelivery(connection, parseJson(rawBody));
  },
});
