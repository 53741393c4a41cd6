import { describe, expect, it } from "vitest";
import { activityKind, activityQuery, isSalesforceId, soqlDateTime, toRecordData } from "./records";

// Salesforce rows as Candor reads them, and the SOQL pieces built from untrusted values.

describe("toRecordData", () => {
  const lead = { attributes: { type: "Lead" }, Id: "00Q5g00000AAAAAAAA", FirstName: "Ada", LastName: "Open", OwnerId: "0055g00000AAAAAAA5", CreatedDate: "2026-01-01T00:00:00.000+0000", LastModifiedDate: "2026-02-01T00:00:00.000+0000" };

  it("maps a converted lead to won and a closed, not converted one to lost", () => {
    expect(toRecordData("Lead", { ...lead, IsConverted: true, ConvertedDate: "2026-01-15" }, [])).toMatchObject({ outcome: "WON", closedAt: "2026-01-15T00:00:00.000Z", name: "Ada Open" });
    expect(toRecordData("Lead", { ...lead, IsConverted: false, Status: "Closed - Not Converted" }, [])).toMatchObject({ outcome: "LOST", closedAt: "2026-02-01T00:00:00.000Z" });
    const open = toRecordData("Lead", { ...lead, IsConverted: false, Status: "Working - Contacted" }, []);
    expect(open).toMatchObject({ outcome: "OPEN", closedAt: null, ownerExternalId: "0055g00000AAAAAAA5", createdAt: "2026-01-01T00:00:00.000Z" });
    expect(open.fields).not.toHaveProperty("attributes");
  });

  it("maps opportunities by IsClosed and IsWon", () => {
    const opp = { Id: "0065g00000AAAAAAAA", Name: "Big deal", LastModifiedDate: "2026-02-01T00:00:00Z", CloseDate: "2026-01-31" };
    expect(toRecordData("Opportunity", { ...opp, IsClosed: true, IsWon: true }, []).outcome).toBe("WON");
    expect(toRecordData("Opportunity", { ...opp, IsClosed: true, IsWon: false }, [])).toMatchObject({ outcome: "LOST", closedAt: "2026-01-31T00:00:00.000Z", name: "Big deal" });
  });
});

describe("SOQL from untrusted values", () => {
  it("accepts only Salesforce ids and instants", () => {
    expect(isSalesforceId("00Q5g00000AAAAAAAA")).toBe(true);
    expect(isSalesforceId("00Q5g00000AAAAA")).toBe(true);
    expect(isSalesforceId("x' OR Id != '")).toBe(false);
    expect(soqlDateTime("2026-02-01T12:00:00.000+0000")).toBe("2026-02-01T12:00:00.000Z");
    expect(soqlDateTime("yesterday; DELETE")).toBeNull();
  });

  it("reads activities through WhoId or WhatId, without Candor's own tasks, and drops bad ids", () => {
    expect(activityQuery("Lead", ["00Q5g00000AAAAAAAA", "bad'id"])).toBe(
      "SELECT Id, Subject, Type, TaskSubtype, ActivityDate, CreatedDate, WhoId, WhatId FROM Task WHERE WhoId IN ('00Q5g00000AAAAAAAA') AND Candor_Flag_Id__c = null ORDER BY CreatedDate ASC",
    );
    expect(activityQuery("Opportunity", ["0065g00000AAAAAAAA"])).toContain("WHERE WhatId IN");
    expect(activityQuery("Lead", ["bad'id"])).toBeNull();
    expect(activityKind({ Type: "Call" })).toBe("call");
    expect(activityKind({ TaskSubtype: "Email" })).toBe("email");
    expect(activityKind({ Type: "Meeting" })).toBe("meeting");
    expect(activityKind({})).toBe("task");
  });
});
