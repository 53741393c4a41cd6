import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { call, makeTenant, makeUser, tokenFor } from "@/test/support/fixtures";

// The wrapper's own promises, independent of any one route: request ids, generic 500s that leak
// nothing, strict parsing, and the per-session budget (429 with Retry-After).
vi.hoisted(() => {
  vi.stubEnv("API_RATE_PER_SESSION", "2");
});
const { route } = await import("./api");
const { db } = await import("./db");

describe("route()", () => {
  it("answers an unexpected error with a generic 500 that carries the request id and no internals", async () => {
    const { tenant } = await makeTenant();
    const token = await tokenFor(await makeUser(tenant.id, "ADMIN", null));
    const boom = call(route({ handler: async () => { throw new Error("db password is hunter2"); } }));
    const res = await boom("/api/v1/boom", { token, headers: { "x-request-id": "req-1234567890" } });
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ status: 500, code: "internal", requestId: "req-1234567890" });
    expect(JSON.stringify(res.json)).not.toContain("hunter2");
    expect(res.headers.get("x-request-id")).toBe("req-1234567890");
  });

  it("rejects unknown query keys (.strict) with 422 and field paths", async () => {
    const { tenant } = await makeTenant();
    const token = await tokenFor(await makeUser(tenant.id, "ADMIN", null));
    const get = call(route({ query: z.object({ limit: z.coerce.number().int().max(50) }).strict(), handler: async ({ query }) => query }));
    const res = await get("/x?limit=500&evil=1", { token });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(["query.limit", "query"]));
  });

  it("refuses to define a mutation without an audit action", async () => {
    const { tenant } = await makeTenant();
    const token = await tokenFor(await makeUser(tenant.id, "ADMIN", null));
    const post = call(route({ handler: async () => ({}) }));
    await expect(post("/x", { method: "POST", token, body: {} })).rejects.toThrow(/no audit action/);
  });

  it("rolls back a mutation whose handler fails, audit row included", async () => {
    const { tenant } = await makeTenant();
    const token = await tokenFor(await makeUser(tenant.id, "ADMIN", null));
    const before = await db.auditEvent.count({ where: { action: "test.fail" } });
    const post = call(
      route({
        audit: { action: "test.fail", resourceType: "tenant" },
        handler: async ({ tx }) => {
          await tx.tenant.update({ where: { id: tenant.id }, data: { name: "changed" } });
          throw new Error("after the write");
        },
      }),
    );
    expect((await post("/x", { method: "POST", token, body: {} })).status).toBe(500);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).name).toBe("Test Co");
    // The change and its success row rolled back; the failure is recorded on its own afterwards.
    expect(await db.auditEvent.count({ where: { action: "test.fail", outcome: "success" } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "test.fail" } })).toBe(before + 1);
    expect(await db.auditEvent.findFirst({ where: { action: "test.fail" }, orderBy: { id: "desc" } })).toMatchObject({ outcome: "failure", details: { status: 500 } });
  });

  it("answers 429 with Retry-After once a session spends its budget, and refills it as time passes", async () => {
    const { tenant } = await makeTenant();
    const token = await tokenFor(await makeUser(tenant.id, "SALES_REP", "EMEA"));
    const get = call(route({ handler: async () => ({ ok: true }) }));
    // The budget's clock is the test's: 20 requests per 10-second window (2 a second), shared by
    // every app node (lib/rate-limit.ts), all at one instant.
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 25; i++) {
        last = await get("/x", { token });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([...Array(20).fill(200), ...Array(5).fill(429)]);
      expect(last!.headers.get("retry-after")).toBe("10");
      expect(last!.json).toMatchObject({ status: 429, code: "rate_limited" });
      vi.setSystemTime(start + 9_000);
      expect((await get("/x", { token })).headers.get("retry-after")).toBe("1");
      vi.setSystemTime(start + 10_001);
      expect((await get("/x", { token })).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});
