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

const candorScore = {
  name: "candor_score",
  label: "Candor score",
  type: "number",
  fieldType: "number",
  groupName: "candor",
  description: "AI score from Candor",
} as const;

describe("properties API", () => {
  it("seeds HubSpot's default properties and none of Candor's", async () => {
    const contacts = await client.crm.properties.coreApi.getAll("contacts");
    const names = contacts.results.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["firstname", "lastname", "email", "jobtitle", "company", "phone", "lifecyclestage", "hs_lead_status", "hubspot_owner_id", "country"]));
    expect(names.filter((n) => n.startsWith("candor_"))).toEqual([]);

    const companies = (await client.crm.properties.coreApi.getAll("companies")).results.map((p) => p.name);
    expect(companies).toEqual(expect.arrayContaining(["name", "domain", "industry", "numberofemployees", "annualrevenue", "country"]));
    const deals = (await client.crm.properties.coreApi.getAll("0-3")).results.map((p) => p.name);
    expect(deals).toEqual(expect.arrayContaining(["dealname", "amount", "dealstage", "pipeline", "closedate", "hubspot_owner_id"]));

    const stage = await client.crm.properties.coreApi.getByName("deals", "dealstage");
    expect(stage).toMatchObject({ type: "enumeration", fieldType: "radio", groupName: "dealinformation" });
    expect(stage.options.map((o) => o.value)).toContain("closedwon");

    const missing = await apiError(client.crm.properties.coreApi.getByName("contacts", "candor_score"));
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({ category: "OBJECT_NOT_FOUND" });
  });

  it("refuses to write a property that does not exist, with HubSpot's error shape", async () => {
    const err = await apiError(client.crm.contacts.basicApi.update("101", { properties: { candor_score: "87", firstname: "Ada" } }));
    expect(err.code).toBe(400);
    expect(err.body).toMatchObject({
      status: "error",
      category: "VALIDATION_ERROR",
      correlationId: expect.any(String),
      message: expect.stringContaining("Property values were not valid"),
      errors: [{ message: 'Property "candor_score" does not exist', code: "PROPERTY_DOESNT_EXIST", context: { propertyName: ["candor_score"] } }],
    });
    const unchanged = await client.crm.contacts.basicApi.getById("101", ["firstname"]);
    expect(unchanged.properties.firstname).toBe("Ada");
  });

  it("needs the property group to exist, then creates and uses the property", async () => {
    const noGroup = await apiError(client.crm.properties.coreApi.create("contacts", candorScore as never));
    expect(noGroup.code).toBe(400);

    const group = await client.crm.properties.groupsApi.create("contacts", { name: "candor", label: "Candor", displayOrder: -1 });
    expect(group.name).toBe("candor");

    const created = await client.crm.properties.coreApi.create("contacts", candorScore as never);
    expect(created).toMatchObject({ name: "candor_score", type: "number", groupName: "candor", hasUniqueValue: false });

    const again = await apiError(client.crm.properties.coreApi.create("contacts", candorScore as never));
    expect(again.code).toBe(409);
    expect(again.body).toMatchObject({ status: "error", category: "OBJECT_ALREADY_EXISTS" });

    await client.crm.contacts.basicApi.update("101", { properties: { candor_score: "87" } });
    const read = await client.crm.contacts.basicApi.getById("101", ["candor_score"]);
    expect(read.properties.candor_score).toBe("87");

    const notNumber = await apiError(client.crm.contacts.basicApi.update("101", { properties: { candor_score: "high" } }));
    expect(notNumber.body).toMatchObject({ errors: [{ code: "INVALID_FLOAT", context: { propertyName: ["candor_score"] } }] });
  });

  it("validates enumeration options, datetimes and type/fieldType pairs", async () => {
    await client.crm.properties.groupsApi.create("deals", { name: "candor", label: "Candor", displayOrder: -1 });
    await client.crm.properties.coreApi.create("deals", {
      name: "candor_band",
      label: "Candor band",
      type: "enumeration",
      fieldType: "select",
      groupName: "candor",
      options: [
        { label: "High", value: "high", displayOrder: 0, hidden: false },
        { label: "Low", value: "low", displayOrder: 1, hidden: false },
      ],
    } as never);
    await client.crm.properties.coreApi.create("deals", { name: "candor_scored_at", label: "Scored at", type: "datetime", fieldType: "date", groupName: "candor" } as never);

    await client.crm.deals.basicApi.update("701", { properties: { candor_band: "high", candor_scored_at: "1700000000000" } });
    const deal = await client.crm.deals.basicApi.getById("701", ["candor_band", "candor_scored_at"]);
    expect(deal.properties).toEqual({ candor_band: "high", candor_scored_at: "2023-11-14T22:13:20.000Z" });

    const badOption = await apiError(client.crm.deals.basicApi.update("701", { properties: { candor_band: "medium" } }));
    expect(badOption.body).toMatchObject({ errors: [{ code: "INVALID_OPTION" }] });

    const mismatch = await apiError(
      client.crm.properties.coreApi.create("deals", { name: "candor_x", label: "x", type: "number", fieldType: "select", groupName: "candor" } as never),
    );
    expect(mismatch.code).toBe(400);
  });

  it("refuses hubspot_owner_id values that are not owners", async () => {
    const err = await apiError(client.crm.contacts.basicApi.update("101", { properties: { hubspot_owner_id: "123" } }));
    expect(err.body).toMatchObject({ errors: [{ code: "INVALID_OWNER_ID" }] });
    const owners = await client.crm.owners.ownersApi.getPage("manager@acme.test");
    expect(owners.results).toEqual([expect.objectContaining({ id: "9002", email: "manager@acme.test", userId: 9002 })]);
  });
});
