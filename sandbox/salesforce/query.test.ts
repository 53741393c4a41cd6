import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, failure, REP, startSandbox } from "@/test/support/salesforce-sandbox";
import type { SalesforceSandbox } from "./index";

const LEADS = 2500;
let sandbox: SalesforceSandbox;

beforeAll(async () => {
  const leads = Array.from({ length: LEADS }, (_, i) => ({
    FirstName: `Lead${i}`,
    LastName: `Number${String(i).padStart(4, "0")}`,
    Company: i % 2 === 0 ? "Even Corp" : "Odd Inc",
    NumberOfEmployees: i,
    Rating: i % 3 === 0 ? "Hot" : null,
    LastModifiedDate: i < 100 ? "2025-06-01T00:00:00Z" : "2026-02-01T12:00:00.000+0000",
  }));
  sandbox = await startSandbox({ records: { Lead: leads } });
});
afterAll(() => sandbox.close());

describe("SOQL queries through jsforce", () => {
  it("pages at 2000 rows and continues with queryMore", async () => {
    const conn = connect(sandbox);
    const first = await conn.query<{ Id: string }>("SELECT Id, Name FROM Lead ORDER BY NumberOfEmployees");
    expect(first.totalSize).toBe(LEADS);
    expect(first.done).toBe(false);
    expect(first.records).toHaveLength(2000);
    expect(first.nextRecordsUrl).toMatch(/\/services\/data\/v63\.0\/query\/01g\w{15}-2000$/);
    const rest = await conn.queryMore(first.nextRecordsUrl as string);
    expect(rest.done).toBe(true);
    expect(rest.records).toHaveLength(500);
    const ids = new Set([...first.records, ...rest.records].map((r) => r.Id));
    expect(ids.size).toBe(LEADS);
  });

  it("fetches everything with autoFetch and honours Sforce-Query-Options batchSize", async () => {
    const conn = connect(sandbox);
    const pages: number[] = [];
    const all = await conn
      .query("SELECT Id FROM Lead", { autoFetch: true, maxFetch: 10_000, headers: { "Sforce-Query-Options": "batchSize=1000" } })
      .on("fetch", () => pages.push(1));
    expect(all.records).toHaveLength(LEADS);
    expect(pages).toHaveLength(3);
    const small = await conn.request<{ records: unknown[] }>({ method: "GET", url: `/query?q=${encodeURIComponent("SELECT Id FROM Lead")}`, headers: { "Sforce-Query-Options": "batchSize=10" } });
    expect(small.records).toHaveLength(200);
    expect((small as { nextRecordsUrl?: string }).nextRecordsUrl).toMatch(/^\/services\/data\/v63\.0\/query\/01g\w{15}-200$/);
  });

  it("filters, sorts and limits", async () => {
    const conn = connect(sandbox);
    const res = await conn.query<{ NumberOfEmployees: number; Rating: string }>(
      "SELECT Id, NumberOfEmployees, Rating FROM Lead WHERE (Rating = 'hot' AND NumberOfEmployees >= 30) OR Name LIKE 'Lead1_ Number001_' ORDER BY NumberOfEmployees DESC LIMIT 5",
    );
    expect(res.records.map((r) => r.NumberOfEmployees)).toEqual([2499, 2496, 2493, 2490, 2487]);
    const modified = await conn.query("SELECT COUNT() FROM Lead WHERE LastModifiedDate > 2026-01-01T00:00:00Z");
    expect(modified.totalSize).toBe(LEADS - 100);
    const inList = await conn.query("SELECT Id FROM Lead WHERE NumberOfEmployees IN (1, 2, 3) AND Rating != null");
    expect(inList.totalSize).toBe(1);
    const owner = await conn.query<{ Owner: { Name: string } }>("SELECT Owner.Name FROM Lead LIMIT 1");
    expect(owner.records[0]?.Owner.Name).toBe(`${REP.FirstName} ${REP.LastName}`);
  });

  it("answers SOQL errors with Salesforce's error codes", async () => {
    const conn = connect(sandbox);
    expect((await failure(conn.query("SELECT Bogus__c FROM Lead"))).errorCode).toBe("INVALID_FIELD");
    expect((await failure(conn.query("SELECT Id FROM Widget__c"))).errorCode).toBe("INVALID_TYPE");
    expect((await failure(conn.query("SELECT Id FROM Lead WHERE"))).errorCode).toBe("MALFORMED_QUERY");
    expect((await failure(conn.query("SELECT Id FROM Lead WHERE Rating = 'Hot' AND Company = 'x' OR Company = 'y'"))).errorCode).toBe("MALFORMED_QUERY");
    expect((await failure(conn.query("SELECT Id FROM Lead WHERE NumberOfEmployees = '3'"))).errorCode).toBe("INVALID_FIELD");
    expect((await failure(conn.query("SELECT Id FROM Lead WHERE Description = 'x'"))).errorCode).toBe("INVALID_FIELD");
    expect((await failure(conn.queryMore("01gNOPE-2000"))).errorCode).toBe("INVALID_QUERY_LOCATOR");
  });
});
