import { Client } from "@hubspot/api-client";
import { afterEach, describe, expect, it } from "vitest";
import { startHubSpotSandbox, type HubSpotSandbox } from "./index.js";
import { testOptions } from "@/test/support/hubspot-sandbox";

// The demo keeps the portal across restarts: a snapshot, written as JSON and read back, restores
// custom properties, objects (ids, timestamps, values) and associations exactly.

const started: HubSpotSandbox[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function start(overrides: Parameters<typeof testOptions>[0] = {}) {
  const sandbox = await startHubSpotSandbox(testOptions(overrides));
  started.push(sandbox);
  const client = new Client({ accessToken: sandbox.issueTokens().accessToken, basePath: sandbox.url, numberOfApiCallRetries: 0 });
  return { sandbox, client };
}

describe("snapshot and restore", () => {
  it("brings back custom properties, written values, notes and their associations", async () => {
    const first = await start();
    await first.client.crm.properties.groupsApi.create("notes", { name: "candor", label: "Candor", displayOrder: -1 });
    await first.client.crm.properties.coreApi.create("notes", { name: "candor_flag_id", label: "Flag", type: "string", fieldType: "text", groupName: "candor", hasUniqueValue: true } as never);
    await first.client.crm.properties.groupsApi.create("contacts", { name: "candor", label: "Candor", displayOrder: -1 });
    await first.client.crm.properties.coreApi.create("contacts", { name: "candor_score", label: "Score", type: "number", fieldType: "number", groupName: "candor" } as never);
    await first.client.crm.contacts.basicApi.update("101", { properties: { candor_score: "81" } });
    const note = await first.client.crm.objects.notes.basicApi.create({
      properties: { hs_note_body: "Flagged", hs_timestamp: "2026-03-01T10:00:00.000Z", candor_flag_id: "flag:1" },
      associations: [{ to: { id: "101" }, types: [{ associationCategory: "HUBSPOT_DEFINED" as never, associationTypeId: 202 }] }],
    });
    const before = first.sandbox.objects("contacts").find((c) => c.id === "101")!;
    const snapshot = JSON.parse(JSON.stringify(first.sandbox.snapshot()));

    const second = await start({ restore: snapshot });
    const after = second.sandbox.objects("contacts").find((c) => c.id === "101")!;
    expect(after.properties).toEqual(before.properties);
    expect(after.associations).toEqual(expect.arrayContaining([{ toType: "notes", toId: note.id, typeId: 201 }, { toType: "companies", toId: "501", typeId: 279 }]));
    expect(second.sandbox.objects("notes")).toEqual(first.sandbox.objects("notes"));
    const unique = await second.client.crm.properties.coreApi.getByName("notes", "candor_flag_id");
    expect(unique.hasUniqueValue).toBe(true);

    const next = await second.client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: "Another", hs_timestamp: String(Date.now()) }, associations: [] });
    expect(Number(next.id)).toBeGreaterThan(Number(note.id));
    const upsert = await second.client.crm.objects.notes.batchApi.upsert({ inputs: [{ id: "flag:1", idProperty: "candor_flag_id", properties: { hs_note_body: "Again" } }] });
    expect(upsert.results[0]).toMatchObject({ id: note.id, _new: false });
  });
});
