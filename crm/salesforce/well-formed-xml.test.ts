import { describe, expect, it } from "vitest";
import { childText, childTexts, parseXml, XmlError } from "./well-formed-xml";

describe("parseXml", () => {
  it("reads elements, attributes, entities, comments and CDATA", () => {
    const root = parseXml(
      `\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<a xmlns="urn:x" k='v &amp; w'>` +
        `<b>1 &lt; 2 &#65;&#x42;</b><b/><c><![CDATA[<raw>]]></c></a>\n`,
    );
    expect(root.name).toBe("a");
    expect(root.attributes).toEqual({ xmlns: "urn:x", k: "v & w" });
    expect(childTexts(root, "b")).toEqual(["1 < 2 AB", ""]);
    expect(childText(root, "c")).toBe("<raw>");
    expect(() => childText(root, "b")).toThrow(XmlError);
  });

  it.each([
    ["an unclosed element", "<a><b></a>"],
    ["a mismatched end tag", "<a></b>"],
    ["a stray end tag", "<a></a></a>"],
    ["two roots", "<a/><b/>"],
    ["text outside the root", "<a/>x"],
    ["a bare ampersand", "<a>x & y</a>"],
    ["an unknown entity", "<a>&nbsp;</a>"],
    ["an unquoted attribute", "<a k=v/>"],
    ["a duplicate attribute", `<a k="1" k="2"/>`],
    ["attributes without whitespace", `<a k="1"j="2"/>`],
    ["a raw < in an attribute", `<a k="<"/>`],
    ["a DOCTYPE", "<!DOCTYPE a><a/>"],
    ["a late XML declaration", `<a/><?xml version="1.0"?>`],
    ["an unterminated comment", "<a><!-- x</a>"],
    ["an empty document", "  "],
  ])("rejects %s", (_, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
  });
});
