import { readdirSync } from "node:fs";
import path from "node:path";
import type { RouteMeta } from "@/lib/api";

// For the suites that must see every route (audit completeness, the authorization matrix): finds
// every app/**/route.ts on disk and loads its HTTP method exports, so a route added tomorrow is
// checked without anyone registering it.

export const APP_DIR = path.resolve(import.meta.dirname, "../../app");
export const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;
export const MUTATING_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type RouteHandler = ((req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>) & {
  // Present on handlers made by lib/api.ts route().
  meta?: RouteMeta;
};

export interface EnumeratedHandler {
  // "<path under app/> <METHOD>", e.g. "api/v1/flags/route.ts POST".
  key: string;
  file: string;
  method: string;
  handler: RouteHandler;
}

export function routeFiles(): string[] {
  return (readdirSync(APP_DIR, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === "route.ts")
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

export async function loadRouteHandlers(): Promise<EnumeratedHandler[]> {
  const out: EnumeratedHandler[] = [];
  for (const file of routeFiles()) {
    const mod = (await import(path.join(APP_DIR, file))) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      if (typeof mod[method] === "function") out.push({ key: `${file} ${method}`, file, method, handler: mod[method] as RouteHandler });
    }
  }
  return out;
}
