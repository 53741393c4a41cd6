// A small, strict XML reader for checking the SFDX metadata in this folder. Node has no XML parser
// built in and the project takes no dependency for a test, so this reads the subset Salesforce
// metadata uses (declaration, elements, attributes, text, comments, CDATA, the five predefined
// entities and character references) and throws on anything that is not well-formed XML.
// DOCTYPE is rejected outright: no metadata file has one.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (raw.includes("<")) throw new XmlError(`raw "<" in character data near offset ${where}`);
  return raw.replace(/&([^;\s&]*);?/g, (match, body: string) => {
    if (!match.endsWith(";")) throw new XmlError(`bare "&" near offset ${where}`);
    const named = ENTITIES[body];
    if (named !== undefined) return named;
    const ref = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (!ref) throw new XmlError(`unknown entity &${body}; near offset ${where}`);
    return String.fromCodePoint(ref[1] !== undefined ? parseInt(ref[1], 16) : parseInt(ref[2] ?? "", 10));
  });
}

export function parseXml(input: string): XmlElement {
  const src = input.startsWith("\uFEFF") ? input.slice(1) : input;
  let pos = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  function fail(message: string): never {
    throw new XmlError(`${message} at offset ${pos}`);
  }
  const skipTo = (terminator: string, what: string): string => {
    const end = src.indexOf(terminator, pos);
    if (end < 0) fail(`unterminated ${what}`);
    const body = src.slice(pos, end);
    pos = end + terminator.length;
    return body;
  };

  if (src.startsWith("<?xml")) {
    const decl = skipTo("?>", "XML declaration");
    if (!/^<\?xml\s+version\s*=\s*["']1\.[0-9]["']/.test(decl)) fail("malformed XML declaration");
  }

  while (pos < src.length) {
    const open = src.indexOf("<", pos);
    const textEnd = open < 0 ? src.length : open;
    const rawText = src.slice(pos, textEnd);
    if (rawText.includes("]]>")) fail('"]]>" in character data');
    const parent = stack[stack.length - 1];
    if (parent) parent.text += decode(rawText, pos);
    else if (rawText.trim() !== "") fail("text outside the root element");
    pos = textEnd;
    if (open < 0) break;

    if (src.startsWith("<!--", pos)) {
      pos += 4;
      const body = skipTo("-->", "comment");
      if (body.includes("--")) fail('"--" inside a comment');
    } else if (src.startsWith("<![CDATA[", pos)) {
      if (!parent) fail("CDATA outside the root element");
      pos += 9;
      const body = skipTo("]]>", "CDATA section");
      if (parent) parent.text += body;
    } else if (src.startsWith("<!", pos)) {
      fail("DOCTYPE and other declarations are not allowed");
    } else if (src.startsWith("<?", pos)) {
      pos += 2;
      const body = skipTo("?>", "processing instruction");
      if (/^xml(\s|$)/i.test(body)) fail("XML declaration not at the start of the document");
    } else if (src.startsWith("</", pos)) {
      pos += 2;
      const name = NAME.exec(src.slice(pos))?.[0] ?? fail("bad end-tag name");
      pos += name.length;
      const close = /^\s*>/.exec(src.slice(pos)) ?? fail(`malformed end tag </${name}`);
      pos += close[0].length;
      const top = stack.pop() ?? fail(`end tag </${name}> without a start tag`);
      if (top.name !== name) fail(`end tag </${name}> does not match <${top.name}>`);
    } else {
      pos += 1;
      const name = NAME.exec(src.slice(pos))?.[0] ?? fail("bad start-tag name");
      pos += name.length;
      const element: XmlElement = { name, attributes: {}, children: [], text: "" };
      for (;;) {
        const space = /^\s*/.exec(src.slice(pos))?.[0] ?? "";
        pos += space.length;
        if (src.startsWith("/>", pos) || src.startsWith(">", pos)) break;
        if (space === "") fail(`expected whitespace before an attribute in <${name}>`);
        const attr = /^([A-Za-z_:][A-Za-z0-9_.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(src.slice(pos));
        if (!attr) fail(`malformed attribute in <${name}>`);
        const [whole, attrName = "", , doubleQuoted, singleQuoted] = attr;
        if (attrName in element.attributes) fail(`duplicate attribute ${attrName} in <${name}>`);
        element.attributes[attrName] = decode(doubleQuoted ?? singleQuoted ?? "", pos);
        pos += whole.length;
      }
      const selfClosing = src.startsWith("/>", pos);
      pos += selfClosing ? 2 : 1;
      if (parent) parent.children.push(element);
      else if (root) fail("more than one root element");
      else root = element;
      if (!selfClosing) stack.push(element);
    }
  }

  if (stack.length > 0) fail(`unclosed element <${stack[stack.length - 1]?.name}>`);
  return root ?? fail("no root element");
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

/** The trimmed text of the single child called `name`; undefined when absent, throws when repeated. */
export function childText(element: XmlElement, name: string): string | undefined {
  const found = childrenNamed(element, name);
  if (found.length > 1) throw new XmlError(`<${element.name}> has ${found.length} <${name}> children`);
  return found[0]?.text.trim();
}

export function childTexts(element: XmlElement, name: string): string[] {
  return childrenNamed(element, name).map((child) => child.text.trim());
}

export function descendants(element: XmlElement): XmlElement[] {
  return element.children.flatMap((child) => [child, ...descendants(child)]);
}
