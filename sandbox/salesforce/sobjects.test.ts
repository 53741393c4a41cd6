import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANDOR_FIELDS, CANDOR_TASK_FLAG_FIELD } from "../../lib/crm/salesforce/fields";
import { connect, failure, MANAGER, REP, sfId, startSandbox } from "@/test/support/salesforce-sandbox";
import type { SalesforceSandbox } from "./index";

const ACCOUNT_ID = sfId("0015g00000ACME1");
let sandbox: SalesforceSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    records: {
      Account: [{ Id: ACCOUNT_ID, Name: "Acme", Industry: "Technology", OwnerId: MANAGER.Id }],
      Contact: [{ FirstName: "Grace", LastName: "Hopper", AccountId: ACCOUNT_ID, Email: "grace@acme.test" }],
    },
  });
});
afterAll(() => sandbox.close());

describe("sObject rows", () => {
  it("creates, retrieves, updates and deletes a Lead", async () => {
    const conn = connect(sandbox);
    const created = await conn.sobject("Lead").create({ FirstName: "Ada", LastName: "Lovelace", Company: "Analytical Engines" });
    expect(created).toEqual({ id: expect.stringMatching(/^00Q\w{15}$/), success: true, errors: [] });
    const id = created.id as string;
    const lead = await conn.sobject("Lead").retrieve(id);
    expect(lead).toMatchObject({ Id: id, Name: "Ada Lovelace", Status: "Open - Not Contacted", OwnerId: REP.Id, IsConverted: false, attributes: { type: "Lead" } });
    for (const f of CANDOR_FIELDS) expect(lead).toHaveProperty(f.name, null);

    await new Promise((r) => setTimeout(r, 5));
    await conn.sobject("Lead").update({ Id: id, Candor_Score__c: 87.4, Candor_Band__c: "A", Candor_Scored_At__c: "2026-03-01T10:00:00Z" });
    const after = await conn.sobject("Lead").retrieve(id);
    expect(after).toMatchObject({ Candor_Score__c: 87, Candor_Band__c: "A", Candor_Scored_At__c: "2026-03-01T10:00:00.000+0000" });
    expect(String(after.LastModifiedDate) > String(lead.LastModifiedDate)).toBe(true);
    expect(after.CreatedDate).toBe(lead.CreatedDate);

    await conn.sobject("Lead").destroy(id);
    expect((await failure(conn.sobject("Lead").retrieve(id))).errorCode).toBe("ENTITY_IS_DELETED");
    expect(sandbox.records("Lead")).toHaveLength(0);
  });

  it("rejects what Salesforce rejects", async () => {
    const conn = connect(sandbox);
    const lead = conn.sobject("Lead");
    expect((await failure(lead.create({ LastName: "X", Company: "Y", Bogus__c: 1 }))).errorCode).toBe("INVALID_FIELD");
    expect((await failure(lead.create({ LastName: "X", Company: "Y", Name: "Z" }))).errorCode).toBe("INVALID_FIELD_FOR_INSERT_UPDATE");
    expect((await failure(lead.create({ LastName: "X", Company: "Y", CreatedDate: "2020-01-01T00:00:00Z" }))).errorCode).toBe("INVALID_FIELD_FOR_INSERT_UPDATE");
    expect((await failure(lead.create({ LastName: "X", Company: "Y", NumberOfEmployees: "many" }))).errorCode).toBe("JSON_PARSER_ERROR");
    expect((await failure(lead.create({ LastName: "X" }))).errorCode).toBe("REQUIRED_FIELD_MISSING");
    expect((await failure(lead.create({ LastName: "X", Company: "Y", Candor_Score__c: 1000 }))).errorCode).toBe("NUMBER_OUTSIDE_VALID_RANGE");
    expect((await failure(lead.create({ LastName: "X", Company: "Y", Candor_Band__c: "x".repeat(21) }))).errorCode).toBe("STRING_TOO_LONG");
    expect((await failure(lead.create({ LastName: "X", Company: "Y", Status: "Maybe" }))).errorCode).toBe("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
    expect((await failure(lead.retrieve(sfId("00Q5g00000ZZZZZ")))).errorCode).toBe("NOT_FOUND");
    expect((await failure(conn.sobject("Widget__c").retrieve(sfId("00Q5g00000ZZZZZ")))).errorCode).toBe("NOT_FOUND");
    const err = await failure(lead.create({ LastName: "X", Company: "Y", Name: "Z" }));
    expect(err.data).toMatchObject({ errorCode: "INVALID_FIELD_FOR_INSERT_UPDATE", fields: ["Name"] });
  });

  it("upserts a Task by the Candor flag id: a retried write does not duplicate", async () => {
    const conn = connect(sandbox);
    const contact = sandbox.records("Contact")[0];
    const task = { Subject: "Candor: score disputed", WhoId: contact?.Id, WhatId: ACCOUNT_ID, [CANDOR_TASK_FLAG_FIELD.name]: "flag-123" };
    const first = await conn.sobject("Task").upsert(task, CANDOR_TASK_FLAG_FIELD.name);
    const second = await conn.sobject("Task").upsert({ ...task, Priority: "High" }, CANDOR_TASK_FLAG_FIELD.name);
    expect(first).toMatchObject({ success: true, created: true });
    expect(second).toMatchObject({ id: (first as { id: string }).id, success: true, created: false });
    const tasks = sandbox.records("Task");
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ Priority: "High", IsHighPriority: true, Status: "Not Started", OwnerId: REP.Id, WhoId: contact?.Id });
    const many = await conn.sobject("Task").upsert([{ ...task, Status: "Completed" }, { Subject: "other", [CANDOR_TASK_FLAG_FIELD.name]: "flag-456" }], CANDOR_TASK_FLAG_FIELD.name);
    expect(many).toMatchObject([{ success: true, created: false }, { success: true, created: true }]);
    expect(sandbox.records("Task")).toHaveLength(2);
    const dup = await failure(conn.sobject("Task").create({ Subject: "dup", [CANDOR_TASK_FLAG_FIELD.name]: "FLAG-123" }));
    expect(dup.errorCode).toBe("DUPLICATE_VALUE");
    expect((await failure(conn.sobject("Task").create({ Subject: "bad who", WhoId: ACCOUNT_ID }))).errorCode).toBe("FIELD_INTEGRITY_EXCEPTION");
  });

  it("describes sObjects with the Candor fields", async () => {
    const conn = connect(sandbox);
    const lead = await conn.sobject("Lead").describe();
    const names = lead.fields.map((f) => f.name);
    for (const f of CANDOR_FIELDS) expect(names).toContain(f.name);
    expect(lead.fields.find((f) => f.name === "Name")).toMatchObject({ createable: false, updateable: false });
    const task = await conn.sobject("Task").describe();
    expect(task.fields.find((f) => f.name === CANDOR_TASK_FLAG_FIELD.name)).toMatchObject({ externalId: true, unique: true, length: 64 });
    const global = await conn.describeGlobal();
    expect(global.sobjects.map((s) => s.name)).toEqual(expect.arrayContaining(["Lead", "Contact", "Account", "Opportunity", "Task", "User"]));
  });
});
