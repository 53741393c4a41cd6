import { SfError } from "./errors";
import { parseDateTime } from "./values";

// The SOQL subset Candor and its tests use: one object, plain and one-level parent fields,
// COUNT(), WHERE with comparisons / IN / LIKE / AND / OR / NOT, ORDER BY, LIMIT, OFFSET.

export type SoqlValue =
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "boolean"; value: boolean }
  | { kind: "null" }
  | { kind: "date"; value: number; raw: string }
  | { kind: "datetime"; value: number; raw: string }
  | { kind: "dateLiteral"; name: string; n?: number; raw: string };

export interface FieldRef {
  path: string;
  pos: number;
}

export type CompareOp = "=" | "!=" | "<" | ">" | "<=" | ">=" | "LIKE";

export type Condition =
  | { kind: "compare"; field: FieldRef; op: CompareOp; value: SoqlValue }
  | { kind: "in"; field: FieldRef; negated: boolean; values: SoqlValue[] }
  | { kind: "and" | "or"; items: Condition[] }
  | { kind: "not"; item: Condition };

export type SelectItem = { kind: "field"; field: FieldRef } | { kind: "count"; field?: FieldRef; alias?: string };

export interface OrderItem {
  field: FieldRef;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  text: string;
  select: SelectItem[];
  from: { name: string; pos: number };
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}

type TokKind = "ident" | "string" | "number" | "date" | "datetime" | "dateN" | "op" | "," | "(" | ")" | "eof";
interface Token {
  kind: TokKind;
  text: string;
  pos: number;
  n?: number;
}

const DATE_LITERALS = new Set([
  "TODAY", "YESTERDAY", "TOMORROW", "LAST_WEEK", "THIS_WEEK", "NEXT_WEEK", "LAST_MONTH",
  "THIS_MONTH", "NEXT_MONTH", "LAST_90_DAYS", "NEXT_90_DAYS", "THIS_YEAR", "LAST_YEAR", "NEXT_YEAR",
]);
const DATE_N_LITERALS = new Set(["LAST_N_DAYS", "NEXT_N_DAYS", "N_DAYS_AGO", "LAST_N_MONTHS", "NEXT_N_MONTHS"]);

const DATE_TOKEN = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2}))?/y;
const NUMBER_TOKEN = /-?\d+(?:\.\d+)?/y;
const IDENT_TOKEN = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const OP_TOKEN = /!=|<>|<=|>=|=|<|>/y;
const ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", '"': '"', "'": "'", "\\": "\\", _: "\\_", "%": "\\%" };

export function soqlError(text: string, pos: number, code: string, message: string): SfError {
  const caret = `${" ".repeat(Math.max(0, pos))}^`;
  return new SfError(400, code, `\n${text}\n${caret}\nERROR at Row:1:Column:${pos + 1}\n${message}`);
}

function sticky(re: RegExp, text: string, pos: number): string | undefined {
  re.lastIndex = pos;
  return re.exec(text)?.[0];
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text.charAt(pos);
    if (/\s/.test(ch)) {
      pos += 1;
      continue;
    }
    if (ch === "'") {
      let value = "";
      let i = pos + 1;
      for (; i < text.length && text.charAt(i) !== "'"; i++) {
        if (text.charAt(i) === "\\") {
          const esc = ESCAPES[text.charAt(i + 1)];
          if (esc === undefined) throw soqlError(text, i, "MALFORMED_QUERY", "Invalid string literal: illegal escape sequence");
          value += esc;
          i += 1;
        } else value += text.charAt(i);
      }
      if (i >= text.length) throw soqlError(text, pos, "MALFORMED_QUERY", "line 1:" + pos + " mismatched character '<EOF>' expecting '''");
      tokens.push({ kind: "string", text: value, pos });
      pos = i + 1;
      continue;
    }
    const date = sticky(DATE_TOKEN, text, pos);
    if (date) {
      tokens.push({ kind: date.length > 10 ? "datetime" : "date", text: date, pos });
      pos += date.length;
      continue;
    }
    const num = sticky(NUMBER_TOKEN, text, pos);
    if (num) {
      tokens.push({ kind: "number", text: num, pos });
      pos += num.length;
      continue;
    }
    const ident = sticky(IDENT_TOKEN, text, pos);
    if (ident) {
      const n = DATE_N_LITERALS.has(ident.toUpperCase()) ? /^:(\d+)/.exec(text.slice(pos + ident.length)) : null;
      if (n?.[1]) {
        tokens.push({ kind: "dateN", text: ident.toUpperCase(), pos, n: Number(n[1]) });
        pos += ident.length + n[0].length;
      } else {
        tokens.push({ kind: "ident", text: ident, pos });
        pos += ident.length;
      }
      continue;
    }
    const op = sticky(OP_TOKEN, text, pos);
    if (op) {
      tokens.push({ kind: "op", text: op === "<>" ? "!=" : op, pos });
      pos += op.length;
      continue;
    }
    if (ch === "," || ch === "(" || ch === ")") {
      tokens.push({ kind: ch, text: ch, pos });
      pos += 1;
      continue;
    }
    throw soqlError(text, pos, "MALFORMED_QUERY", `unexpected token: ${ch}`);
  }
  tokens.push({ kind: "eof", text: "<EOF>", pos: text.length });
  return tokens;
}

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token {
    return this.tokens[this.i] ?? { kind: "eof", text: "<EOF>", pos: this.text.length };
  }
  private next(): Token {
    const t = this.peek();
    this.i += 1;
    return t;
  }
  private fail(t: Token = this.peek()): never {
    throw soqlError(this.text, t.pos, "MALFORMED_QUERY", `unexpected token: ${t.kind === "string" ? `'${t.text}'` : t.text}`);
  }
  private isKw(kw: string, t: Token = this.peek()): boolean {
    return t.kind === "ident" && t.text.toUpperCase() === kw;
  }
  private kw(kw: string): Token {
    if (!this.isKw(kw)) this.fail();
    return this.next();
  }
  private expect(kind: TokKind): Token {
    if (this.peek().kind !== kind) this.fail();
    return this.next();
  }
  private field(): FieldRef {
    const t = this.expect("ident");
    return { path: t.text, pos: t.pos };
  }

  parse(): SoqlQuery {
    this.kw("SELECT");
    const select = this.selectList();
    this.kw("FROM");
    const fromTok = this.expect("ident");
    const query: SoqlQuery = { text: this.text, select, from: { name: fromTok.text, pos: fromTok.pos }, orderBy: [] };
    if (this.isKw("WHERE")) {
      this.next();
      query.where = this.condition();
    }
    if (this.isKw("ORDER")) {
      this.next();
      this.kw("BY");
      do query.orderBy.push(this.orderItem());
      while (this.peek().kind === "," && this.next());
    }
    if (this.isKw("LIMIT")) {
      this.next();
      query.limit = this.nonNegativeInt();
    }
    if (this.isKw("OFFSET")) {
      this.next();
      query.offset = this.nonNegativeInt();
    }
    if (this.peek().kind !== "eof") this.fail();
    return query;
  }

  private nonNegativeInt(): number {
    const t = this.expect("number");
    if (!/^\d+$/.test(t.text)) this.fail(t);
    return Number(t.text);
  }

  private selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      if (this.isKw("COUNT") && this.tokens[this.i + 1]?.kind === "(") {
        this.next();
        this.next();
        const field = this.peek().kind === "ident" ? this.field() : undefined;
        this.expect(")");
        const alias = this.peek().kind === "ident" && !this.isKw("FROM") ? this.next().text : undefined;
        items.push({ kind: "count", field, alias });
      } else {
        items.push({ kind: "field", field: this.field() });
      }
    } while (this.peek().kind === "," && this.next());
    return items;
  }

  private orderItem(): OrderItem {
    const field = this.field();
    let descending = false;
    if (this.isKw("ASC") || this.isKw("DESC")) descending = this.next().text.toUpperCase() === "DESC";
    let nullsLast = descending;
    if (this.isKw("NULLS")) {
      this.next();
      if (this.isKw("FIRST")) nullsLast = false;
      else if (this.isKw("LAST")) nullsLast = true;
      else this.fail();
      this.next();
    }
    return { field, descending, nullsLast };
  }

  // SOQL refuses to mix AND and OR at one level without parentheses.
  private condition(): Condition {
    const first = this.unary();
    const items = [first];
    let connector: "AND" | "OR" | undefined;
    while (this.isKw("AND") || this.isKw("OR")) {
      const t = this.next();
      const kw = t.text.toUpperCase() as "AND" | "OR";
      if (connector && connector !== kw) this.fail(t);
      connector = kw;
      items.push(this.unary());
    }
    return connector ? { kind: connector === "AND" ? "and" : "or", items } : first;
  }

  private unary(): Condition {
    if (this.isKw("NOT")) {
      this.next();
      return { kind: "not", item: this.unary() };
    }
    if (this.peek().kind === "(") {
      this.next();
      const inner = this.condition();
      this.expect(")");
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Condition {
    const field = this.field();
    const t = this.peek();
    if (t.kind === "op") {
      this.next();
      return { kind: "compare", field, op: t.text as CompareOp, value: this.value() };
    }
    if (this.isKw("LIKE")) {
      this.next();
      return { kind: "compare", field, op: "LIKE", value: this.value() };
    }
    const negated = this.isKw("NOT");
    if (negated) this.next();
    if (this.isKw("IN")) {
      this.next();
      this.expect("(");
      const values: SoqlValue[] = [];
      do values.push(this.value());
      while (this.peek().kind === "," && this.next());
      this.expect(")");
      return { kind: "in", field, negated, values };
    }
    return this.fail();
  }

  private value(): SoqlValue {
    const t = this.next();
    switch (t.kind) {
      case "string":
        return { kind: "string", value: t.text };
      case "number":
        return { kind: "number", value: Number(t.text) };
      case "date":
      case "datetime": {
        const ms = parseDateTime(t.text);
        if (ms === undefined) throw soqlError(this.text, t.pos, "MALFORMED_QUERY", `line 1:${t.pos} no viable alternative at character '${t.text}'`);
        return { kind: t.kind, value: ms, raw: t.text };
      }
      case "dateN":
        return { kind: "dateLiteral", name: t.text, n: t.n, raw: `${t.text}:${t.n}` };
      case "ident": {
        const upper = t.text.toUpperCase();
        if (upper === "NULL") return { kind: "null" };
        if (upper === "TRUE" || upper === "FALSE") return { kind: "boolean", value: upper === "TRUE" };
        if (DATE_LITERALS.has(upper)) return { kind: "dateLiteral", name: upper, raw: upper };
        return this.fail(t);
      }
      default:
        return this.fail(t);
    }
  }
}

export function parseSoql(text: string): SoqlQuery {
  return new Parser(text, tokenize(text)).parse();
}
