import type { Client } from "@hubspot/api-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubSpotSandbox } from "./index.js";
import { apiError, startWithClient } from "@/test/support/hubspot-sandbox";

let sandbox: HubSpotSandbox;
let client: Client;

beforeAll(async () => {
  ({ sandbox, client } = await startWithClient());
});
afterAll(() => sandbox.close());

const HUBSPOT_DEFINED = "HUBSPOT_DEFINED" as never;
const assoc = (id: string, associationTypeId: number) => ({ to: { id }, types: [{ associationCategory: HUBSPOT_DEFINED, associationTypeId }] });

describe("notes and tasks", () => {
  it("creates notes associated to a contact, a company and a deal with the right type ids", async () => {
    const note = await client.crm.objects.notes.basicApi.create({
      properties: { hs_note_body: "<p>Candor: score <b>87</b></p>", hs_timestamp: String(Date.now()) },
      associations: [assoc("101", 202), assoc("501", 190), assoc("701", 214)],
    });
    const read = await client.crm.objects.notes.basicApi.getById(note.id, ["hs_note_body"], undefined, ["contacts", "companies", "deals"]);
    expect(read.associations?.contacts?.results).toEqual([{ id: "101", type: "note_to_contact" }]);
    expect(read.associations?.companies?.results).toEqual([{ id: "501", type: "note_to_company" }]);
    expect(read.associations?.deals?.results).toEqual([{ id: "701", type: "note_to_deal" }]);

    const contactSide = sandbox.objects("contacts").find((c) => c.id === "101")!;
    expect(contactSide.associations).toContainEqual({ toType: "notes", toId: note.id, typeId: 201 });
    expect(sandbox.objects("notes").find((n) => n.id === note.id)?.properties.hs_note_body).toBe("<p>Candor: score <b>87</b></p>");
  });

  it("creates tasks with task association type ids", async () => {
    const task = await client.crm.objects.tasks.basicApi.create({
      properties: { hs_task_subject: "Review Candor flag", hs_task_status: "NOT_STARTED", hs_timestamp: new Date().toISOString(), hubspot_owner_id: "9002" },
      associations: [assoc("101", 204), assoc("501", 192), assoc("701", 216)],
    });
    const stored = sandbox.objects("tasks").find((t) => t.id === task.id)!;
    expect(stored.associations.map((a) => [a.toType, a.typeId]).sort()).toEqual([["companies", 192], ["contacts", 204], ["deals", 216]]);
  });

  it("rejects wrong association type ids, missing targets and missing hs_timestamp", async () => {
    const taskTypeOnNote = await apiError(
      client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: "x", hs_timestamp: String(Date.now()) }, associations: [assoc("101", 204)] }),
    );
    expect(taskTypeOnNote.code).toBe(400);
    expect(taskTypeOnNote.body).toMatchObject({ category: "VALIDATION_ERROR" });

    const noteTypeOnTask = await apiError(
      client.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: "x", hs_timestamp: String(Date.now()) }, associations: [assoc("501", 190)] }),
    );
    expect(noteTypeOnTask.code).toBe(400);

    const ghost = await apiError(
      client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: "x", hs_timestamp: String(Date.now()) }, associations: [assoc("999999", 202)] }),
    );
    expect(ghost.code).toBe(400);

    const noTimestamp = await apiError(client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: "x" }, associations: [] }));
    expect(noTimestamp.body).toMatchObject({ errors: [{ code: "REQUIRED_PROPERTY", context: { propertyName: ["hs_timestamp"] } }] });
  });

  it("upserts by candor_flag_id so a retried write leaves one note", async () => {
    const notUnique = await apiError(
      client.crm.objects.notes.batchApi.upsert({ inputs: [{ id: "f-1", idProperty: "candor_flag_id", properties: { hs_note_body: "x" } }] }),
    );
    expect(notUnique.code).toBe(400);

    await client.crm.properties.groupsApi.create("notes", { name: "candor", label: "Candor", displayOrder: -1 });
    await client.crm.properties.coreApi.create("notes", {
      name: "candor_flag_id",
      label: "Candor flag id",
      type: "string",
      fieldType: "text",
      groupName: "candor",
      hasUniqueValue: true,
    } as never);

    const before = sandbox.objects("notes").length;
    const input = { id: "flag-7f3a", idProperty: "candor_flag_id", properties: { hs_note_body: "Flagged by Riley: score too high", hs_timestamp: String(Date.now()) } };
    const first = await client.crm.objects.notes.batchApi.upsert({ inputs: [input] });
    const second = await client.crm.objects.notes.batchApi.upsert({ inputs: [{ ...input, properties: { ...input.properties, hs_note_body: "Flagged by Riley (retry)" } }] });
    expect(first.results[0]).toMatchObject({ _new: true });
    expect(second.results[0]).toMatchObject({ _new: false, id: first.results[0]!.id });
    expect(sandbox.objects("notes").length).toBe(before + 1);

    const noteId = first.results[0]!.id;
    await client.crm.associations.v4.basicApi.create("notes", noteId, "contacts", "102", [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: 202 }]);
    await client.crm.associations.v4.basicApi.create("notes", noteId, "contacts", "102", [{ associationCategory: HUBSPOT_DEFINED, associationTypeId: 202 }]);
    const page = await client.crm.associations.v4.basicApi.getPage("contacts", "102", "notes");
    expect(page.results).toEqual([{ toObjectId: Number(noteId), associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: 201, label: null }] }]);

    const html = await (await fetch(`${sandbox.url}/contacts/4411223/record/0-1/102?as=9001`)).text();
    expect(html).toContain("Flagged by Riley (retry)");

    const dupeCreate = await apiError(
      client.crm.objects.notes.basicApi.create({ properties: { candor_flag_id: "flag-7f3a", hs_timestamp: String(Date.now()) }, associations: [] }),
    );
    expect(dupeCreate.code).toBe(409);
  });

  it("searches notes by the flag id and modification date", async () => {
    const found = await client.crm.objects.notes.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: "candor_flag_id", operator: "EQ" as never, value: "flag-7f3a" }] }],
      properties: ["hs_note_body", "candor_flag_id"],
      limit: 5,
    });
    expect(found.total).toBe(1);
    expect(found.results[0]?.properties.candor_flag_id).toBe("flag-7f3a");
  });
});
