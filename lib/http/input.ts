import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { findUnstorable } from "@/lib/storable";

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

// Params and query are checked for unstorable strings even when the route declares no schema for
// them: a handler may still read the URL itself (SCIM's list parameters do).
export function parseWith<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  const unstorable = findUnstorable(value, where);
  if (unstorable) throw new AppError("validation_failed", `The ${where} is not valid.`, { issues: [unstorable] });
  if (!schema) return undefined as T;
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
