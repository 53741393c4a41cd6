import { describe, expect, it } from "vitest";
import { placeOf, summarise, type CpuProfile } from "./profile-summary";

describe("summarise", () => {
  const profile: CpuProfile = {
    startTime: 0, endTime: 65,
    nodes: [
      { id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: -1 }, children: [2, 3, 4] },
      { id: 2, callFrame: { functionName: "compile", url: "file:///x/node_modules/@prisma/client/runtime/client.js", lineNumber: 9 } },
      { id: 3, callFrame: { functionName: "parse", url: "node:internal/url", lineNumber: 0 } },
      { id: 4, callFrame: { functionName: "(garbage collector)", url: "", lineNumber: -1 } },
    ],
    samples: [2, 2, 2, 3, 4, 2],
    timeDeltas: [5, 10, 10, 10, 10, 10],
  };

  it("shares self time by function and by place, each sample standing for the interval it ends", () => {
    const s = summarise(profile);
    expect(s.samples).toBe(6);
    expect(s.us).toBe(60);
    expect(s.byFunction[0]).toEqual({ name: "compile — @prisma/client:10", share: 40 / 60, us: 40 });
    expect(s.byPlace.map((r) => r.name)).toEqual(["@prisma/client", "node internals", "(garbage collector)"]);
  });

  it("names where code lives", () => {
    expect(placeOf("file:///a/node_modules/next/dist/server/x.js", "f")).toBe("next");
    expect(placeOf("file:///a/.next/server/chunks/ssr/123.js", "f")).toBe("app (bundled server chunks)");
    expect(placeOf("", "(program)")).toBe("(program)");
    expect(placeOf("wasm://wasm/007708f6", "wasm-function[3608]")).toBe("WebAssembly");
  });
});
