// SCIM filter parser (RFC 7644 §3.4.2.2) producing a typed AST that is kept independent of any
// storage, so the list route can evaluate it in memory (filter-match.ts) today and translate it to
// SQL later. Leniencies beyond the RFC ABNF, each because a real client or the scimmy oracle
// relies on it:
//   - `not` without parentheses negates the next term (`not userName eq "x"`);
//   - unquoted compare values are strings (`members[value eq 123abc]`);
//   - `true`/`false`/`null` are case-insensitive (ABNF literals are);
//   - after a value path, `.subAttr op value` and `op value` refine the same element
//     (`emails[type eq "work"].value ew "@x"`), and `pr` is a no-op;
//   - keywords are valid attribute names where unambiguous (`pr pr`, `not eq pr`).

import { ScimError } from "./errors";

export const COMPARE_OPS = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];
export type FilterLiteral = string | number | boolean | null;

// `uri` is the schema URN prefix (`urn:…:enterprise:2.0:User`); names keep the client's spelling,
// and consumers compare them case-insensitively.
export interface AttrPath {
  readonly uri?: string;
  readonly attr: string;
  readonly sub?: string;
}

export type FilterNode =
  | { readonly kind: "compare"; readonly path: AttrPath; readonly op: CompareOp; readonly value: FilterLiteral }
  | { readonly kind: "present"; readonly path: AttrPath }
  | { readonly kind: "and"; readonly filters: readonly FilterNode[] }
  | { readonly kind: "or"; readonly filters: readonly FilterNode[] }
  | { readonly kind: "not"; readonly filter: FilterNode }
  // Matches when one element of the (multi-valued) attribute satisfies `filter`, whose paths are
  // relative to that element.
  | { readonly kind: "valuePath"; readonly path: AttrPath; readonly filter: FilterNode };

// PATCH `path` (RFC 7644 §3.5.2): attrPath, or valuePath with an optional sub-attribute.
export interface PatchPath {
  readonly path: AttrPath;
  readonly filter?: FilterNode;
  readonly subAttr?: string;
}

// Bounds keep a hostile query string from costing more than a few microseconds or the stack.
const MAX_LENGTH = 4096;
const MAX_DEPTH = 48;

const NAME_CHAR = /[A-Za-z0-9_$-]/;
const URN_CHAR = /[A-Za-z0-9_$\-.:%]/;
const NUMBER = /^[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;
const BARE_END = /[\s()[\]"]/;

export function and(filters: readonly FilterNode[]): FilterNode {
  const flat = filters.flatMap((f) => (f.kind === "and" ? f.filters : [f]));
  return flat.length === 1 ? flat[0]! : { kind: "and", filters: flat };
}

export function or(filters: readonly FilterNode[]): FilterNode {
  const flat = filters.flatMap((f) => (f.kind === "or" ? f.filters : [f]));
  return flat.length === 1 ? flat[0]! : { kind: "or", filters: flat };
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly src: string,
    private scimType: "invalidFilter" | "invalidPath",
  ) {}

  parseFilter(): FilterNode {
    const node = this.parseOr();
    this.ws();
    if (this.pos < this.src.length) this.fail(`Unexpected '${this.src.slice(this.pos, this.pos + 12)}'`);
    return node;
  }

  parsePatchPath(): PatchPath {
    const path = this.parseAttrPath();
    let filter: FilterNode | undefined;
    let subAttr: string | undefined;
    if (this.src[this.pos] === "[") {
      if (path.sub) this.fail("A value filter cannot follow a sub-attribute");
      filter = this.parseBracket("invalidFilter");
      if (this.src[this.pos] === ".") {
        this.pos++;
        subAttr = this.readName();
      }
    }
    if (this.pos < this.src.length) this.fail(`Unexpected '${this.src.slice(this.pos, this.pos + 12)}'`);
    return { path, ...(filter ? { filter } : {}), ...(subAttr ? { subAttr } : {}) };
  }

  private fail(message: string): never {
    throw new ScimError(this.scimType, `${message} at position ${this.pos}`);
  }

  private ws(): boolean {
    const start = this.pos;
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
    return this.pos > start;
  }

  // The run of name characters at the cursor, without consuming it.
  private peekWord(): string {
    let end = this.pos;
    while (end < this.src.length && NAME_CHAR.test(this.src[end]!)) end++;
    return this.src.slice(this.pos, end);
  }

  // A logical keyword must be followed by whitespace or "(" so `order pr` is not `or` + `der pr`.
  private acceptKeyword(keyword: "and" | "or" | "not"): boolean {
    const word = this.peekWord();
    if (word.toLowerCase() !== keyword) return false;
    const next = this.src[this.pos + word.length];
    if (next !== undefined && !/\s/.test(next) && next !== "(") return false;
    this.pos += word.length;
    return true;
  }

  private nested<T>(fn: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail("Filter nests too deeply");
    try {
      return fn();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): FilterNode {
    const terms = [this.parseAnd()];
    for (;;) {
      const save = this.pos;
      this.ws();
      if (!this.acceptKeyword("or")) {
        this.pos = save;
        return or(terms);
      }
      terms.push(this.parseAnd());
    }
  }

  private parseAnd(): FilterNode {
    const terms = [this.parseUnary()];
    for (;;) {
      const save = this.pos;
      this.ws();
      if (!this.acceptKeyword("and")) {
        this.pos = save;
        return and(terms);
      }
      terms.push(this.parseUnary());
    }
  }

  private parseUnary(): FilterNode {
    return this.nested(() => {
      this.ws();
      const save = this.pos;
      if (this.acceptKeyword("not")) {
        try {
          return { kind: "not", filter: this.parseUnary() };
        } catch (negationError) {
          // `not` may itself be an attribute name (`not sw "A"`); only if that reading fails too
          // is the input malformed, and the negation error is the more useful report.
          this.pos = save;
          try {
            return this.parseAttrExpr();
          } catch {
            throw negationError;
          }
        }
      }
      if (this.src[this.pos] === "(") {
        this.pos++;
        const inner = this.parseOr();
        this.ws();
        if (this.src[this.pos] !== ")") this.fail("Missing ')'");
        this.pos++;
        return inner;
      }
      return this.parseAttrExpr();
    });
  }

  private parseAttrExpr(): FilterNode {
    const path = this.parseAttrPath();
    if (this.src[this.pos] === "[") return this.parseValuePathTail(path);
    this.ws();
    const op = this.peekWord().toLowerCase();
    if (op === "pr") {
      this.pos += 2;
      return { kind: "present", path };
    }
    if (!(COMPARE_OPS as readonly string[]).includes(op)) this.fail(`Expected an operator after '${formatAttrPath(path)}'`);
    this.pos += 2;
    this.ws();
    return { kind: "compare", path, op: op as CompareOp, value: this.parseValue() };
  }

  private parseValuePathTail(path: AttrPath): FilterNode {
    return this.nested(() => {
      const inner = this.parseBracket(this.scimType);
      if (this.src[this.pos] === ".") {
        this.pos++;
        return { kind: "valuePath", path, filter: and([inner, this.parseAttrExpr()]) };
      }
      const save = this.pos;
      this.ws();
      const op = this.peekWord().toLowerCase();
      if (op === "pr") {
        this.pos += 2;
      } else if ((COMPARE_OPS as readonly string[]).includes(op)) {
        // A bare comparison on an element compares its "value" sub-attribute, as for `emails co "x"`.
        this.pos += 2;
        this.ws();
        const compare: FilterNode = { kind: "compare", path: { attr: "value" }, op: op as CompareOp, value: this.parseValue() };
        return { kind: "valuePath", path, filter: and([inner, compare]) };
      } else {
        this.pos = save;
      }
      return { kind: "valuePath", path, filter: inner };
    });
  }

  // Inside a PATCH path the bracketed text is a filter, so its syntax errors are invalidFilter.
  private parseBracket(scimType: "invalidFilter" | "invalidPath"): FilterNode {
    const outer = this.scimType;
    this.scimType = scimType;
    try {
      this.pos++;
      const inner = this.parseOr();
      this.ws();
      if (this.src[this.pos] !== "]") this.fail("Missing ']'");
      this.pos++;
      return inner;
    } finally {
      this.scimType = outer;
    }
  }

  private parseAttrPath(): AttrPath {
    if (this.src.slice(this.pos, this.pos + 4).toLowerCase() === "urn:") {
      const start = this.pos;
      while (this.pos < this.src.length && URN_CHAR.test(this.src[this.pos]!)) this.pos++;
      const text = this.src.slice(start, this.pos);
      const colon = text.lastIndexOf(":");
      const [attr, sub, ...rest] = text.slice(colon + 1).split(".");
      const valid = (s: string | undefined) => s !== undefined && s.length > 0 && [...s].every((c) => NAME_CHAR.test(c));
      if (!valid(attr) || (sub !== undefined && !valid(sub)) || rest.length > 0) this.fail(`Invalid attribute path '${text}'`);
      return { uri: text.slice(0, colon), attr: attr!, ...(sub ? { sub } : {}) };
    }
    const attr = this.readName();
    if (this.src[this.pos] === "." && NAME_CHAR.test(this.src[this.pos + 1] ?? "")) {
      this.pos++;
      return { attr, sub: this.readName() };
    }
    return { attr };
  }

  private readName(): string {
    const word = this.peekWord();
    if (!word) this.fail("Expected an attribute name");
    this.pos += word.length;
    return word;
  }

  private parseValue(): FilterLiteral {
    if (this.src[this.pos] === '"') {
      let end = this.pos + 1;
      while (end < this.src.length && this.src[end] !== '"') end += this.src[end] === "\\" ? 2 : 1;
      if (end >= this.src.length) this.fail("Unterminated string");
      const raw = this.src.slice(this.pos, end + 1);
      try {
        const value = JSON.parse(raw) as string;
        this.pos = end + 1;
        return value;
      } catch {
        this.fail("Invalid string literal");
      }
    }
    const start = this.pos;
    while (this.pos < this.src.length && !BARE_END.test(this.src[this.pos]!)) this.pos++;
    const token = this.src.slice(start, this.pos);
    if (!token) this.fail("Expected a value");
    const lower = token.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    if (lower === "null") return null;
    if (NUMBER.test(token)) {
      const n = Number(token);
      if (!Number.isFinite(n)) this.fail("Number out of range");
      return n;
    }
    return token;
  }
}

function checkInput(input: unknown, scimType: "invalidFilter" | "invalidPath"): string {
  if (typeof input !== "string" || input.trim() === "") throw new ScimError(scimType, "Expression is empty");
  if (input.length > MAX_LENGTH) throw new ScimError(scimType, `Expression is longer than ${MAX_LENGTH} characters`);
  return input;
}

// Throws ScimError(invalidFilter) on malformed input, never anything else.
export function parseFilter(input: string): FilterNode {
  return new Parser(checkInput(input, "invalidFilter"), "invalidFilter").parseFilter();
}

// Throws ScimError(invalidPath), or invalidFilter for a malformed `[...]` filter.
export function parsePatchPath(input: string): PatchPath {
  return new Parser(checkInput(input, "invalidPath").trim(), "invalidPath").parsePatchPath();
}

export function formatAttrPath(path: AttrPath): string {
  const base = path.uri ? `${path.uri}:${path.attr}` : path.attr;
  return path.sub ? `${base}.${path.sub}` : base;
}

function formatLiteral(value: FilterLiteral): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

// Canonical RFC text for an AST: `not` always parenthesised, strings always quoted. parseFilter
// returns the same AST for the printed text.
export function formatFilter(node: FilterNode): string {
  switch (node.kind) {
    case "compare":
      return `${formatAttrPath(node.path)} ${node.op} ${formatLiteral(node.value)}`;
    case "present":
      return `${formatAttrPath(node.path)} pr`;
    case "and":
      return node.filters.map((f) => (f.kind === "or" ? `(${formatFilter(f)})` : formatFilter(f))).join(" and ");
    case "or":
      return node.filters.map(formatFilter).join(" or ");
    case "not":
      return `not (${formatFilter(node.filter)})`;
    case "valuePath":
      return `${formatAttrPath(node.path)}[${formatFilter(node.filter)}]`;
  }
}
