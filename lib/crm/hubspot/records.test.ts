import { describe, expect, it } from "vitest";
import { isCandorEngagement, noteActivity, noteBody, taskActivity, toRecordData } from "./records";

// HubSpot objects as Candor reads them: outcome rules per type, names, activities.

const obj = (properties: Record<string, string | null>) => ({ id: "7", properties: { hs_lastmodifieddate: "2026-02-01T00:00:00.000Z", createdate: "2025-12-01T00:00:00.000Z", ...properties } });

describe("toRecordData", () => {
  it("reads a deal's outcome from its stage and its close date", () => {
    expect(toRecordData("deals", obj({ dealname: "Renewal", dealstage: "closedwon", closedate: "2026-01-20T00:00:00.000Z" }), [])).toMatchObject({
      objectType: "deal", name: "Renewal", outcome: "WON", closedAt: "2026-01-20T00:00:00.000Z",
    });
    expect(toRecordData("deals", obj({ dealstage: "closedlost" }), [])).toMatchObject({ outcome: "LOST", closedAt: "2026-02-01T00:00:00.000Z" });
    expect(toRecordData("deals", obj({ dealstage: "contractsent" }), [])).toMatchObject({ outcome: "OPEN", closedAt: null, name: "Deal 7" });
  });

  it("reads a contact's outcome from its lifecycle stage and lead status", () => {
    expect(toRecordData("contacts", obj({ firstname: "Ada", lastname: "L", lifecyclestage: "customer" }), []).outcome).toBe("WON");
    expect(toRecordData("contacts", obj({ lifecyclestage: "lead", hs_lead_status: "UNQUALIFIED", email: "a@x.test" }), [])).toMatchObject({ outcome: "LOST", name: "a@x.test" });
    expect(toRecordData("contacts", obj({ lifecyclestage: "salesqualifiedlead", hubspot_owner_id: "9001" }), [])).toMatchObject({ outcome: "OPEN", ownerExternalId: "9001" });
    expect(toRecordData("companies", obj({ name: "Acme", lifecyclestage: "other" }), []).outcome).toBe("OPEN");
  });

  it("keeps non-empty properties as fields and sorts activities by time", () => {
    const later = { externalId: "2", kind: "note", subject: "b", occurredAt: "2026-02-01T00:00:00.000Z" };
    const earlier = { externalId: "1", kind: "call", subject: "a", occurredAt: "2026-01-01T00:00:00.000Z" };
    const r = toRecordData("contacts", obj({ jobtitle: "", phone: null, company: "Acme" }), [later, earlier]);
    expect(r.fields).toEqual({ hs_lastmodifieddate: "2026-02-01T00:00:00.000Z", createdate: "2025-12-01T00:00:00.000Z", company: "Acme" });
    expect(r.activities.map((a) => a.externalId)).toEqual(["1", "2"]);
  });
});

describe("activities and notes", () => {
  it("takes a note's first line of text as its subject and tells Candor's own notes apart", () => {
    const note = { id: "5", properties: { hs_note_body: "<p><strong>Call recap</strong></p><p>Budget approved</p>", hs_timestamp: "1767225600000" } };
    expect(noteActivity(note)).toEqual({ externalId: "5", kind: "note", subject: "Call recap", occurredAt: "2026-01-01T00:00:00.000Z" });
    expect(isCandorEngagement(note)).toBe(false);
    expect(isCandorEngagement({ id: "6", properties: { candor_flag_id: "flag:1" } })).toBe(true);
    expect(taskActivity({ id: "8", properties: { hs_task_type: "CALL", hs_task_subject: "Follow up", hs_timestamp: "2026-01-02T00:00:00Z" } }).kind).toBe("call");
  });

  it("escapes what users wrote and keeps their line breaks", () => {
    expect(noteBody("Flagged <b>", "Rita: too high\nComment: <script>x</script> & more")).toBe(
      "<p><strong>Flagged &#60;b&#62;</strong></p><p>Rita: too high<br>Comment: &#60;script&#62;x&#60;/script&#62; &#38; more</p>",
    );
  });
});
