import { z } from "zod";
import { route } from "@/lib/api";
import { embedErrorPage } from "@/lib/embed/error-page";
import { openIframeSession, type IframeOutcome } from "@/lib/embed/hubspot";

// HubSpot's iframe modal loads this from the card's "Open in Candor" link. The token in the link is
// checked and used up, then 303 to the panel with a single-use bootstrap code in the fragment
// (never sent to a server, never in logs), as the Salesforce Canvas entry does. `host=hubspot`
// tells the panel to offer a "Done" button that closes HubSpot's modal.

const REOPEN = "Close this window and click \u201cOpen in Candor\u201d on the record's Candor card again.";

const MESSAGES: Record<Exclude<IframeOutcome, { ok: true }>["reason"], [string, string]> = {
  invalid: ["This Candor link is not valid", `Candor opens from the Candor card on a HubSpot record. ${REOPEN}`],
  expired: ["This Candor link has expired", `Links from the Candor card work for one minute. ${REOPEN}`],
  replayed: ["This Candor link was already used", `Each link from the Candor card opens Candor once. ${REOPEN}`],
  session_ended: ["Your Candor session has ended", `Your access may have changed since the card loaded. ${REOPEN}`],
};

export const GET = route({
  auth: "public",
  errors: "html",
  // Any text: a malformed token is answered by the page below, like a forged one.
  query: z.object({ token: z.string().max(4096).optional(), host: z.string().max(32).optional() }),
  audit: { action: "embed.session.open", resourceType: "session" },
  async handler({ tx, query, audit }) {
    const outcome = await openIframeSession(tx, query.token ?? null, audit);
    if (!outcome.ok) {
      const [title, message] = MESSAGES[outcome.reason];
      return embedErrorPage(401, title, message, "Reloading the record page also refreshes the card.");
    }
    return new Response(null, {
      status: 303,
      headers: { location: `/embed/panel?host=hubspot#code=${encodeURIComponent(outcome.code)}`, "cache-control": "no-store" },
    });
  },
});
