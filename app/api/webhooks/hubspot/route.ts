import { z } from "zod";
import { route } from "@/lib/api";
import { firstPortal, acceptDelivery, MAX_EVENTS } from "@/lib/crm/hubspot/webhooks";

// HubSpot webhook deliveries (the app's target URL). Verified by the v3 signature, deduplicated,
// turned into record-sync jobs, answered at once: the work happens in the job runner, so HubSpot
// never times out waiting and retries.

export const POST = route({
  auth: "hubspot",
  // 100 events of well under 1 KB each.
  maxBodyBytes: MAX_EVENTS * 2048,
  portalOf: (raw) => {
    try {
      return firstPortal(JSON.parse(raw));
    } catch {
      return null;
    }
  },
  rateLimit: ["ip", "portal"],
  // acceptDelivery checks each event itself: one malformed event must not refuse the others.
  body: z.json(),
  // A delivery HubSpot would retry for 24 hours if refused; one odd character in an event's
  // property value must not do that.
  unstorable: "replace",
  audit: { action: "webhook.hubspot.receive", resourceType: "crm_connection" },
  successStatus: 200,
  async handler({ body, caller: { connection }, tx, audit }) {
    const report = await acceptDelivery(connection, body, tx);
    Object.assign(audit, { resourceId: connection.id, details: { ...report } });
    return report;
  },
});
