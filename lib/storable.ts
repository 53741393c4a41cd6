import type { FieldIssue } from "@/lib/errors";

// PostgreSQL cannot store U+0000 in text or jsonb, and an unpaired UTF-16 surrogate is not Unicode
// at all (Prisma refuses to send it): a string holding either fails deep inside a write. Two ways
// to meet them, chosen by where the string comes from:
//   - from a person (a request's params, query or body): refused with a 422 that names the field
//     (findUnstorable, called by lib/http/input.ts for every route);
//   - from a system Candor syncs with (CRM records, a verified Canvas payload, HubSpot webhook
//     events): each such code unit becomes U+FFFD, as a decoder treats bytes it cannot read, so
//     one odd character never stops a sync or refuses a whole delivery (toStorable).

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const EVERY_UNSTORABLE = new RegExp(UNSTORABLE.source, "g");
export const MAX_DEPTH = 64;

export function isStorable(text: string): boolean {
  return !UNSTORABLE.test(text);
}

export function findUnstorable(value: unknown, path: string, depth = 0): FieldIssue | null {
  if (depth > MAX_DEPTH) return { path, message: `Nested more than ${MAX_DEPTH} levels deep.` };
  if (typeof value === "string") {
    return isStorable(value) ? null : { path, message: "Contains a NUL character or an unpaired surrogate, which cannot be stored." };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const issue = findUnstorable(value[i], `${path}.${i}`, depth + 1);
      if (issue) return issue;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const issue = findUnstorable(k, `${path}.${k}`, depth + 1) ?? findUnstorable(v, `${path}.${k}`, depth + 1);
      if (issue) return issue;
    }
  }
  return null;
}

export function storableText(text: string): string {
  return isStorable(text) ? text : text.replace(EVERY_UNSTORABLE, "\uFFFD");
}

// A deep copy of JSON-like data with every string (keys too) made storable. Dates and other
// objects that are not plain pass through as they are.
export function toStorable<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map(toStorable) as T;
  if (value && typeof value === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), toStorable(v)])) as T;
  }
  return value;
}

// The first `max` UTF-16 code units, without cutting a surrogate pair in half.
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 1] ?? "") ? max - 1 : max;
  return text.slice(0, cut);
}
