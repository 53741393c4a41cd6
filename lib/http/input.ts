import type { z } from "zod";
import { AppError, type FieldIssue } from "@/lib/errors";

// Reading and checking what a request carries, for lib/api.ts. Everything here answers a client's
// mistake with a 4xx AppError; nothing reaches a handler unchecked.

export type BodyFormat = "json" | "form";

async function readBytes(req: Request, maxBytes: number): Promise<ArrayBuffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
  const buf = await req.arrayBuffer();
  if (buf.byteLength > maxBytes) throw new AppError("payload_too_large", `The body is larger than ${maxBytes} bytes.`);
  return buf;
}

export async function readText(req: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBytes(req, maxBytes));
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
}

export async function readBody(req: Request, format: BodyFormat, maxBytes: number): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (format === "form") {
    if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
      throw new AppError("unsupported_media_type", "Send the body as application/x-www-form-urlencoded.");
    }
    return Object.fromEntries(new URLSearchParams(await readText(req, maxBytes)));
  }
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError("unsupported_media_type", "Send the body as application/json.");
  return parseJsonText(await readText(req, maxBytes));
}

// PostgreSQL cannot store U+0000 in text, and an unpaired UTF-16 surrogate is not Unicode at all
// (Prisma rejects it): both are refused up front, naming the field, instead of failing as a 500
// deep inside a write.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_DEPTH = 64;

export function findUnstorable(value: unknown, path: string, depth = 0): FieldIssue | null {
  if (depth > MAX_DEPTH) return { path, message: `Nested more than ${MAX_DEPTH} levels deep.` };
  if (typeof value === "string") {
    return UNSTORABLE.test(value) ? { path, message: "Contains a NUL character or an unpaired surrogate, which cannot be stored." } : null;
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

export function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return undefined as T;
  const unstorable = findUnstorable(value, where);
  if (unstorable) throw new AppError("validation_failed", `The ${where} is not valid.`, { issues: [unstorable] });
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError("validation_failed", `The ${where} is not valid.`, {
    issues: result.error.issues.slice(0, 20).map((i) => ({
      path: [where, ...i.path.map(String)].join("."),
      message: i.message,
    })),
  });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdOf(req: Request, fresh: () => string): string {
  const incoming = req.headers.get("x-request-id");
  return incoming && REQUEST_ID.test(incoming) ? incoming : fresh();
}
