import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/client/fetcher";
import { InsightError } from "./access-states";

// The refusals of GET …/insight as the rep reads them (the API's contract): 404 is a record
// Candor has no copy of yet, 403 "forbidden" is a rule of the rep's role, named in `detail`.
const lead = { provider: "SALESFORCE" as const, objectType: "Lead", externalId: "00Q000000000001AAA" };
const render = (error: Error) => renderToStaticMarkup(<InsightError error={error} recordRef={lead} onRetry={() => {}} />);
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;|&#39;/g, "'").replace(/\s+/g, " ").trim();

describe("InsightError", () => {
  it("says a record Candor does not have yet is not synced, and what happens next", () => {
    const out = text(render(new ApiError({ status: 404, code: "not_found", title: "Not found", detail: "Candor has not synced this record yet." })));
    expect(out).toContain("Not synced yet");
    expect(out).toContain("Candor does not have this lead from Salesforce yet.");
    expect(out).toContain("the score appears here as soon as it arrives");
    expect(out).not.toContain("Not found");
  });

  it("names the rule that hides a record from the rep's role", () => {
    const detail = "Sales reps may view AI scores only on records they own.";
    const out = text(render(new ApiError({ status: 403, code: "forbidden", title: "Forbidden", detail })));
    expect(out).toContain("Your role does not show this lead’s score");
    expect(out).toContain(detail);
    expect(out).not.toContain("Not synced");
  });

  it("offers a retry for anything else, with the server's words", () => {
    const html = render(new ApiError({ status: 503, code: "unknown", title: "Unavailable", detail: "The database is restarting." }));
    expect(text(html)).toContain("Could not load the score The database is restarting.");
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain("Try again");
  });
});
