import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clip, findUnstorable, isStorable, storableText, toStorable } from "./storable";

// Strings with NUL, lone surrogates (high, low, reversed pairs) and ordinary text mixed.
const hostileText = fc
  .array(fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom("\u0000", "\uD800", "\uDFFF", "\uDC00\uD800", "\uD83D\uDE00", "é")), { maxLength: 8 })
  .map((parts) => parts.join(""));
const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, hostileText, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(hostileText, tie("value"), { maxKeys: 4 })),
})).value;

describe("storable strings", () => {
  it("toStorable always gives data findUnstorable accepts, of the same shape", () => {
    fc.assert(
      fc.property(hostileJson, (value) => {
        const stored = toStorable(value);
        expect(findUnstorable(stored, "v")).toBeNull();
        if (Array.isArray(value)) expect((stored as unknown[]).length).toBe(value.length);
      }),
    );
  });

  it("leaves well-formed text alone and replaces each bad code unit with one U+FFFD", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(storableText(text)).toBe(text);
      }),
    );
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = storableText(text);
        expect(isStorable(out)).toBe(true);
        expect(out.length).toBe(text.length);
      }),
    );
    expect(storableText("a\u0000b\uD800c\uDC00")).toBe("a\uFFFDb\uFFFDc\uFFFD");
  });

  it("finds the first unstorable string and names its path, keys included", () => {
    expect(findUnstorable({ a: [1, "ok", { b: "x\u0000" }] }, "body")).toEqual({ path: "body.a.2.b", message: expect.stringContaining("NUL") });
    expect(findUnstorable({ ["k\uD800"]: 1 }, "query")?.path).toBe("query.k\uD800");
    expect(findUnstorable({ ok: "\uD83D\uDE00" }, "body")).toBeNull();
  });

  it("clip never cuts a surrogate pair in half", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.integer({ min: 1, max: 40 }), (text, max) => {
        const out = clip(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(isStorable(out)).toBe(true);
        expect(text.startsWith(out)).toBe(true);
      }),
    );
  });
});
