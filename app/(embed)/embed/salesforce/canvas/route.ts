import { z } from "zod";
import { route } from "@/lib/api";
import { claimedOrganizationId } from "@/lib/crm/salesforce/canvas";
import { openCanvasSession, type CanvasOutcome } from "@/lib/embed/salesforce";
import { embedErrorPage } from "@/lib/embed/error-page";

// Salesforce POSTs the Canvas signed_request here (form field). Success: 303 to the panel with a
// single-use bootstrap code in the fragment (never sent to a server, never in logs).

const MESSAGES: Record<Exclude<CanvasOutcome, { ok: true }>["reason"], [string, string]> = {
  missing: ["No signed request", "Salesforce did not send a signed request. Open Candor from a record page in Salesforce."],
  malformed: ["Unreadable signed request", "The signed request is not in the format Salesforce uses."],
  bad_signature: ["Signature does not match", "The signed request's signature is not valid for this org's Candor app. Ask your admin to check the connected app's consumer secret in Candor."],
  wrong_algorithm: ["Unsupported signature algorithm", "Candor accepts only HMACSHA256 signed requests."],
  unknown_org: ["Org not connected", "This Salesforce org is not connected to Candor. Ask your admin to connect it."],
  instance_mismatch: ["Instance does not match", "The signed request came from a Salesforce instance this org is not configured for."],
  replayed: ["Signed request already used", "This signed request was already used. Reload the record page."],
  user_refused: ["No Candor account", "Your Salesforce user is not linked to a Candor account. Ask your admin for access."],
  user_inactive: ["Account deactivated", "Your Candor account is deactivated."],
  no_record: ["No record", "Candor could not tell which record this page shows. Add the Candor component to a record page."],
};

export const POST = route({
  auth: "public",
  bodyFormat: "form",
  errors: "html",
  // Salesforce posts the form field and nothing we rely on besides it.
  body: z.object({ signed_request: z.string().max(64 * 1024).optional() }).passthrough(),
  maxBodyBytes: 128 * 1024,
  rateLimit: ["ip", "org"],
  orgOf: (body) => claimedOrganizationId(body.signed_request),
  audit: { action: "embed.session.open", resourceType: "session" },
  async handler({ tx, body, audit }) {
    const outcome = await openCanvasSession(tx, body.signed_request ?? null, audit);
    if (!outcome.ok) {
      const [title, message] = MESSAGES[outcome.reason];
      const status = outcome.reason === "user_refused" || outcome.reason === "user_inactive" ? 403 : outcome.reason === "no_record" ? 400 : 401;
      return embedErrorPage(status, title, message);
    }
    return new Response(null, {
      status: 303,
      headers: { location: `/embed/panel#code=${encodeURIComponent(outcome.code)}`, "cache-control": "no-store" },
    });
  },
});

export const GET = route({
  auth: "public",
  errors: "html",
  handler: async () =>
    embedErrorPage(405, "Open Candor from Salesforce", "This address receives Salesforce Canvas requests. Open a record page in Salesforce to see Candor."),
});
