import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError, apiFetch, fieldErrors, problemText } from "./fetcher";

const json = (body: unknown, init: ResponseInit & { type?: string } = {}) =>
  new Response(JSON.stringify(body), { status: init.status ?? 200, headers: { "content-type": init.type ?? "application/json", ...(init.headers ?? {}) } });

function stubFetch(response: Response | Error) {
  const fetchMock = vi.fn(async (_path: string, _init: RequestInit) => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

afterEach(() => vi.unstubAllGlobals());

describe("apiFetch", () => {
  it("sends the bearer token and no cookies for the embedded panel", async () => {
    const fetchMock = stubFetch(json({ ok: true }));
    await apiFetch("/api/v1/x", { method: "POST", body: { a: 1 }, auth: () => "tok" });
    const [, init] = fetchMock.mock.calls[0]!;
    expect(init.credentials).toBe("omit");
    expect(init.headers).toMatchObject({ authorization: "Bearer tok", "content-type": "application/json" });
    expect(init.body).toBe('{"a":1}');
  });

  it("rides on the same-origin cookie for the standalone pages, with no Authorization header", async () => {
    const fetchMock = stubFetch(json({ ok: true }));
    await apiFetch("/api/v1/x", { auth: "cookie" });
    const [, init] = fetchMock.mock.calls[0]!;
    expect(init.credentials).toBe("same-origin");
    expect(init.headers).not.toHaveProperty("authorization");
    expect(init.method).toBe("GET");
  });

  it("turns problem+json into one ApiError with the request id and field errors", async () => {
    stubFetch(
      json(
        { type: "x", title: "Validation failed", status: 422, detail: "The body is not valid.", code: "validation_failed", requestId: "req-12345678", errors: [{ path: "body.region", message: "Letters only" }] },
        { status: 422, type: "application/problem+json" },
      ),
    );
    const err = await apiFetch("/api/v1/x", { method: "POST", body: {}, auth: "cookie" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: "validation_failed", requestId: "req-12345678", message: "The body is not valid." });
    expect(fieldErrors(err)).toEqual({ region: "Letters only" });
    expect(problemText(err)).toBe("The body is not valid. (region: Letters only)");
  });

  it("takes the request id from the header when the body is not a problem, and names it for our faults", async () => {
    stubFetch(new Response("upstream exploded", { status: 502, headers: { "content-type": "text/plain", "x-request-id": "req-abcdefgh" } }));
    const err = await apiFetch("/api/v1/x", { auth: "cookie" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, code: "unknown", requestId: "req-abcdefgh" });
    expect(problemText(err)).toBe("Request failed (502) Reference: req-abcdefgh.");
  });

  it("reports an unreachable server as a network ApiError, but lets a cancellation through", async () => {
    stubFetch(new TypeError("Failed to fetch"));
    await expect(apiFetch("/api/v1/x", { auth: "cookie" })).rejects.toMatchObject({ status: 0, code: "network" });

    const controller = new AbortController();
    controller.abort();
    const abort = new DOMException("aborted", "AbortError");
    stubFetch(abort);
    await expect(apiFetch("/api/v1/x", { auth: "cookie", signal: controller.signal })).rejects.toBe(abort);
  });

  it("checks the response against its schema when one is given", async () => {
    const schema = z.object({ token: z.string().startsWith("candor_") });
    stubFetch(json({ token: "candor_x" }));
    await expect(apiFetch("/api/v1/x", { auth: "cookie", schema })).resolves.toEqual({ token: "candor_x" });

    stubFetch(json({ token: 42 }, { headers: { "x-request-id": "req-contract" } }));
    const err = await apiFetch("/api/v1/x", { auth: "cookie", schema }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "invalid_response", requestId: "req-contract" });
  });

  it("answers undefined for 204 No Content", async () => {
    stubFetch(new Response(null, { status: 204 }));
    await expect(apiFetch("/api/v1/x", { method: "DELETE", auth: "cookie" })).resolves.toBeUndefined();
  });
});

describe("problemText", () => {
  it("has a plain sentence for anything that is not an ApiError", () => {
    expect(problemText(new Error("secret internals"))).toBe("Something went wrong. Try again.");
  });
});
