import { Client } from "@hubspot/api-client";
import { FilterOperatorEnum } from "@hubspot/api-client/lib/codegen/crm/objects/models/Filter.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HubSpotSandbox } from "./index.js";
import { apiError, startWithClient } from "@/test/support/hubspot-sandbox";

let sandbox: HubSpotSandbox;
let client: Client;

beforeAll(async () => {
  ({ sandbox, client } = await startWithClient());
});
afterAll(() => sandbox.close());

describe("CRM v3 objects", () => {
  it("creates, reads, updates and archives a contact with string-valued properties", async () => {
    const created = await client.crm.contacts.basicApi.create({
      properties: { firstname: "Alan", lastname: "Turing", email: "Alan@Bletchley.test", lifecyclestage: "lead" },
      associations: [],
    });
    expect(created.id).toMatch(/^\d+$/);
    expect(created.properties).toMatchObject({ firstname: "Alan", email: "alan@bletchley.test", hs_object_id: created.id });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.archived).toBe(false);

    const read = await client.crm.contacts.basicApi.getById(created.id, ["firstname", "jobtitle", "hs_lastmodifieddate"]);
    expect(read.properties).toEqual({ firstname: "Alan", jobtitle: null, hs_lastmodifieddate: expect.any(String) });

    const updated = await client.crm.contacts.basicApi.update(created.id, { properties: { jobtitle: "Mathematician", firstname: "" } });
    expect(updated.properties.jobtitle).toBe("Mathematician");
    expect(updated.properties.firstname).toBeNull();
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    const byEmail = await client.crm.contacts.basicApi.getById("alan@bletchley.test", ["jobtitle"], undefined, undefined, false, "email");
    expect(byEmail.id).toBe(created.id);

    await client.crm.contacts.basicApi.archive(created.id);
    const gone = await apiError(client.crm.contacts.basicApi.getById(created.id));
    expect(gone.code).toBe(404);
    expect(gone.body).toMatchObject({ status: "error", category: "OBJECT_NOT_FOUND", correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it("rejects a second contact with the same email as HubSpot does", async () => {
    const err = await apiError(client.crm.contacts.basicApi.create({ properties: { email: "ADA@acme.test" }, associations: [] }));
    expect(err.code).toBe(409);
    expect(err.body).toMatchObject({ category: "CONFLICT", message: "Contact already exists. Existing ID: 101" });
  });

  it("serves companies and deals, including through the object type id path 0-3", async () => {
    const company = await client.crm.companies.basicApi.getById("501", ["name", "numberofemployees"], undefined, ["contacts"]);
    expect(company.properties).toEqual({ name: "Acme Corp", numberofemployees: "250" });
    expect(company.associations?.contacts?.results).toEqual([{ id: "101", type: "company_to_contact_unlabeled" }]);

    const deal = await client.crm.objects.basicApi.create("0-3", {
      properties: { dealname: "Expansion", amount: 5000 as unknown as string, dealstage: "contractsent", pipeline: "default" },
      associations: [{ to: { id: "501" }, types: [{ associationCategory: "HUBSPOT_DEFINED" as never, associationTypeId: 341 }] }],
    });
    expect(deal.properties.amount).toBe("5000");
    const viaId = await client.crm.objects.basicApi.getById("0-3", deal.id, ["dealname"], undefined, ["companies"]);
    expect(viaId.properties.dealname).toBe("Expansion");
    expect(viaId.associations?.companies?.results[0]).toEqual({ id: "501", type: "deal_to_company_unlabeled" });

    await client.crm.objects.basicApi.update("0-3", deal.id, { properties: { dealstage: "closedwon" } });
    const viaName = await client.crm.deals.basicApi.getById(deal.id, ["dealstage"]);
    expect(viaName.properties.dealstage).toBe("closedwon");

    const badStage = await apiError(client.crm.deals.basicApi.update(deal.id, { properties: { dealstage: "won-ish" } }));
    expect(badStage.code).toBe(400);
    expect(badStage.body).toMatchObject({ category: "VALIDATION_ERROR", errors: [{ code: "INVALID_OPTION" }] });
  });

  it("pages lists with limit and after", async () => {
    await client.crm.companies.batchApi.create({
      inputs: Array.from({ length: 4 }, (_, i) => ({ properties: { name: `Paged ${i}` }, associations: [] })),
    });
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await client.crm.companies.basicApi.getPage(2, after, ["name"]);
      seen.push(...page.results.map((r) => r.properties.name ?? ""));
      after = page.paging?.next?.after;
    } while (after);
    expect(seen).toEqual(["Acme Corp", "Paged 0", "Paged 1", "Paged 2", "Paged 3"]);
  });

  it("batch-updates 100 records and refuses 101", async () => {
    const created = await client.crm.contacts.batchApi.create({
      inputs: Array.from({ length: 101 }, (_, i) => ({ properties: { email: `bulk${i}@acme.test` }, associations: [] })).slice(0, 100),
    });
    expect(created.status).toBe("COMPLETE");
    expect(created.results).toHaveLength(100);

    const inputs = created.results.map((r) => ({ id: r.id, properties: { jobtitle: "Buyer" } }));
    const ok = await client.crm.contacts.batchApi.update({ inputs });
    expect(ok.results).toHaveLength(100);
    expect(ok.startedAt).toBeInstanceOf(Date);
    expect(ok.completedAt).toBeInstanceOf(Date);

    const tooMany = await apiError(client.crm.contacts.batchApi.update({ inputs: [...inputs, { id: "101", properties: { jobtitle: "x" } }] }));
    expect(tooMany.code).toBe(400);
    expect(tooMany.body).toMatchObject({ status: "error", category: "VALIDATION_ERROR" });
    const check = await client.crm.contacts.basicApi.getById("101", ["jobtitle"]);
    expect(check.properties.jobtitle).toBe("CTO");
  });

  it("batch-reads with 207 and errors for ids that do not exist", async () => {
    const all = await client.crm.contacts.batchApi.read({ inputs: [{ id: "101" }, { id: "102" }], properties: ["email"], propertiesWithHistory: [] });
    expect(all.results.map((r) => r.properties.email).sort()).toEqual(["ada@acme.test", "grace@acme.test"]);

    const partial = await client.crm.contacts.batchApi.read({ inputs: [{ id: "101" }, { id: "424242" }], properties: ["email"], propertiesWithHistory: [] });
    expect(partial.results).toHaveLength(1);
    expect("errors" in partial && partial.errors).toEqual([
      expect.objectContaining({ status: "error", category: "OBJECT_NOT_FOUND", context: { ids: ["424242"] } }),
    ]);

    const raw = await fetch(`${sandbox.url}/crm/v3/objects/contacts/batch/read`, {
      method: "POST",
      headers: { Authorization: `Bearer ${sandbox.issueTokens().accessToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ inputs: [{ id: "424242" }], properties: [] }),
    });
    expect(raw.status).toBe(207);
  });

  it("searches with filters, sorts and paging", async () => {
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    await client.crm.contacts.basicApi.update("102", { properties: { jobtitle: "Admiral" } });
    const modified = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: "lastmodifieddate", operator: FilterOperatorEnum.Gt, value: String(since) }] }],
      properties: ["jobtitle"],
      sorts: ["-createdate"],
      limit: 10,
    });
    expect(modified.total).toBe(1);
    expect(modified.results[0]?.properties.jobtitle).toBe("Admiral");

    const owned = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: "hubspot_owner_id", operator: FilterOperatorEnum.Eq, value: "9001" }, { propertyName: "jobtitle", operator: FilterOperatorEnum.HasProperty }] },
        { filters: [{ propertyName: "lifecyclestage", operator: FilterOperatorEnum.Eq, value: "customer" }] },
      ],
      sorts: [{ propertyName: "email", direction: "ASCENDING" } as unknown as string],
      properties: ["email"],
      limit: 1,
    });
    expect(owned.total).toBe(2);
    expect(owned.results[0]?.properties.email).toBe("ada@acme.test");
    expect(owned.paging?.next?.after).toBe("1");

    const deals = await client.crm.deals.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: "amount", operator: FilterOperatorEnum.Gte, value: "10000" }, { propertyName: "dealstage", operator: FilterOperatorEnum.Neq, value: "closedlost" }] }],
      properties: ["dealname"],
      limit: 10,
    });
    expect(deals.results.map((d) => d.properties.dealname)).toEqual(["Acme renewal"]);
  });

  it("answers 401 INVALID_AUTHENTICATION for unknown tokens and EXPIRED_AUTHENTICATION after expiry", async () => {
    const stranger = new Client({ accessToken: "not-a-token", basePath: sandbox.url });
    const bad = await apiError(stranger.crm.contacts.basicApi.getPage());
    expect(bad.code).toBe(401);
    expect(bad.body).toMatchObject({ status: "error", category: "INVALID_AUTHENTICATION" });

    const { accessToken } = sandbox.issueTokens();
    const fresh = new Client({ accessToken, basePath: sandbox.url });
    await fresh.crm.contacts.basicApi.getById("101");
    sandbox.expireAccessTokens();
    const expired = await apiError(fresh.crm.contacts.basicApi.getById("101"));
    expect(expired.code).toBe(401);
    expect(expired.body).toMatchObject({ category: "EXPIRED_AUTHENTICATION", message: expect.stringMatching(/^The OAuth token used to make this call expired/) });
  });
});
