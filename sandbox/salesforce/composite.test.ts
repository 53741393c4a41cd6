import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, failure, sfId, startSandbox } from "@/test/support/salesforce-sandbox";
import type { SalesforceSandbox } from "./index";

let sandbox: SalesforceSandbox;
const leadIds = () => sandbox.records("Lead").map((r) => r.Id as string);
const MISSING_LEAD = sfId("00Q5g00000ZZZZZ");

interface SaveResult {
  id?: string;
  success: boolean;
  errors: Array<{ statusCode: string; message: string; fields: string[] }>;
}

beforeAll(async () => {
  const leads = Array.from({ length: 250 }, (_, i) => ({ LastName: `L${i}`, Company: `C${i}` }));
  sandbox = await startSandbox({ records: { Lead: leads } });
});
afterAll(() => sandbox.close());

describe("sObject collections", () => {
  it("updates 200 records and reports each result in request order", async () => {
    const conn = connect(sandbox);
    const ids = leadIds().slice(0, 200);
    ids[57] = MISSING_LEAD;
    const records = ids.map((Id, i) => ({ Id, Candor_Score__c: i % 100, Candor_Band__c: "B" }));
    const results = (await conn.sobject("Lead").update(records)) as SaveResult[];
    expect(results).toHaveLength(200);
    results.forEach((r, i) => {
      if (i === 57) expect(r).toMatchObject({ success: false, errors: [{ statusCode: "ENTITY_IS_DELETED" }] });
      else expect(r).toEqual({ id: ids[i], success: true, errors: [] });
    });
    const scored = sandbox.records("Lead").filter((r) => r.Candor_Band__c === "B");
    expect(scored).toHaveLength(199);
  });

  it("rolls everything back when allOrNone is set and one record fails", async () => {
    const conn = connect(sandbox);
    const ids = leadIds().slice(200, 210);
    const records = ids.map((Id) => ({ Id, Candor_Band__c: "ROLLBACK" }));
    records[3] = { Id: records[3]?.Id as string, Candor_Band__c: "x".repeat(30) };
    const results = (await conn.sobject("Lead").update(records, { allOrNone: true })) as SaveResult[];
    expect(results[3]).toMatchObject({ success: false, errors: [{ statusCode: "STRING_TOO_LONG", fields: ["Candor_Band__c"] }] });
    for (const [i, r] of results.entries()) {
      if (i !== 3) expect(r).toMatchObject({ id: ids[i], success: false, errors: [{ statusCode: "ALL_OR_NONE_OPERATION_ROLLED_BACK" }] });
    }
    expect(sandbox.records("Lead").filter((r) => r.Candor_Band__c === "ROLLBACK")).toHaveLength(0);
  });

  it("fails a whole request on a deserialization error and refuses more than 200 records", async () => {
    const conn = connect(sandbox);
    const ids = leadIds();
    const unknownField = await failure(conn.sobject("Lead").update([{ Id: ids[0] as string, Nope__c: 1 }, { Id: ids[1] as string, Candor_Band__c: "C" }]));
    expect(unknownField.errorCode).toBe("INVALID_FIELD");
    const tooMany = ids.slice(0, 201).map((Id) => ({ Id, Candor_Band__c: "Z" }));
    const err = await failure(conn.sobject("Lead").update(tooMany));
    expect(err.errorCode).toBe("EXCEEDED_ID_LIMIT");
    expect(sandbox.records("Lead").filter((r) => r.Candor_Band__c === "Z")).toHaveLength(0);
  });

  it("creates and deletes collections", async () => {
    const conn = connect(sandbox);
    const created = (await conn.sobject("Account").create([{ Name: "A1" }, { Name: "" }, { Name: "A3" }])) as SaveResult[];
    expect(created.map((r) => r.success)).toEqual([true, false, true]);
    expect(created[1]?.errors[0]?.statusCode).toBe("REQUIRED_FIELD_MISSING");
    const ids = created.flatMap((r) => (r.id ? [r.id] : []));
    const deleted = (await conn.sobject("Account").destroy(ids)) as SaveResult[];
    expect(deleted.every((r) => r.success)).toBe(true);
    expect(sandbox.records("Account")).toHaveLength(0);
  });
});

describe("composite", () => {
  it("chains subrequests through @{ref} references in one API call", async () => {
    const conn = connect(sandbox);
    const before = sandbox.apiUsage().used;
    const res = await conn.requestPost<{ compositeResponse: Array<{ httpStatusCode: number; referenceId: string; body: any; httpHeaders: Record<string, string> }> }>("/composite", {
      allOrNone: false,
      compositeRequest: [
        { method: "POST", url: "/services/data/v63.0/sobjects/Account", referenceId: "acct", body: { Name: "Composite Co" } },
        { method: "POST", url: "/services/data/v63.0/sobjects/Contact", referenceId: "ct", body: { LastName: "Chain", AccountId: "@{acct.id}" } },
        { method: "GET", url: "/services/data/v63.0/query?q=SELECT+Id,AccountId+FROM+Contact+WHERE+Id='@{ct.id}'", referenceId: "q" },
        { method: "PATCH", url: "/services/data/v63.0/sobjects/Contact/@{q.records[0].Id}", referenceId: "upd", body: { Title: "CTO" } },
        { method: "GET", url: "/services/data/v63.0/sobjects/Contact/@{missing.id}", referenceId: "bad" },
      ],
    });
    expect(sandbox.apiUsage().used).toBe(before + 1);
    const [acct, ct, q, upd, bad] = res.compositeResponse;
    expect(acct).toMatchObject({ httpStatusCode: 201, referenceId: "acct", httpHeaders: { Location: expect.stringContaining("/sobjects/Account/001") } });
    expect(ct?.httpStatusCode).toBe(201);
    expect(q?.body.records[0].AccountId).toBe(acct?.body.id);
    expect(upd).toMatchObject({ httpStatusCode: 204, body: null });
    expect(bad).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: "PROCESSING_HALTED" }] });
    expect(sandbox.records("Contact")[0]).toMatchObject({ Title: "CTO", AccountId: acct?.body.id });
  });

  it("rolls back every subrequest when allOrNone is set", async () => {
    const conn = connect(sandbox);
    const res = await conn.requestPost<{ compositeResponse: Array<{ httpStatusCode: number; body: any }> }>("/composite", {
      allOrNone: true,
      compositeRequest: [
        { method: "POST", url: "/services/data/v63.0/sobjects/Account", referenceId: "a", body: { Name: "Doomed" } },
        { method: "PATCH", url: "/services/data/v63.0/composite/sobjects", referenceId: "b", body: { records: [{ attributes: { type: "Account" }, id: "@{a.id}", Rating: "Hot" }] } },
        { method: "POST", url: "/services/data/v63.0/sobjects/Account", referenceId: "c", body: { Nope__c: 1 } },
        { method: "POST", url: "/services/data/v63.0/sobjects/Account", referenceId: "d", body: { Name: "Never" } },
      ],
    });
    expect(res.compositeResponse.map((r) => r.httpStatusCode)).toEqual([400, 400, 400, 400]);
    expect(res.compositeResponse[2]?.body[0].errorCode).toBe("INVALID_FIELD");
    expect(res.compositeResponse[0]?.body[0].errorCode).toBe("PROCESSING_HALTED");
    expect(sandbox.records("Account").filter((a) => a.Name === "Doomed" || a.Name === "Never")).toHaveLength(0);
  });
});
