import "server-only";
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

// Secrets never leave the database layer unless a service asks for them by name.
const omit = {
  crmConnection: { clientSecretEnc: true, accessTokenEnc: true, refreshTokenEnc: true },
} as const;

function createClient(): PrismaClient<never, typeof omit> {
  if (env.DATABASE_URL) {
    // Candor owns the pool so that sqlQuery below shares its connections with Prisma.
    g.candorPgPool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });
    return new PrismaClient({ adapter: new PrismaPg(g.candorPgPool), omit });
  }
  mkdirSync(env.PGLITE_DIR, { recursive: true });
  g.candorPglite = new PGlite(env.PGLITE_DIR);
  // The PGlite adapter is built against an older copy of Prisma's adapter types; the runtime
  // interface is the same (shared/ENVIRONMENT.md).
  const adapter = new PrismaPGlite(g.candorPglite) as unknown as PrismaPg;
  return new PrismaClient({ adapter, omit });
}

export type Db = PrismaClient<never, typeof omit>;
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

// Opened on first use, not on import (builds import every route), and kept once per process:
// PGlite serves one connection and must have a single owner per data folder, and globalThis
// survives Next's separate bundles and dev reloads.
const g = globalThis as unknown as { candorDb?: Db; candorPglite?: PGlite; candorPgPool?: pg.Pool };
function client(): Db {
  return (g.candorDb ??= createClient());
}

export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});

/**
 * One SQL statement outside Prisma, on the same connections, for the few read paths that run on
 * every panel request (the session check, the insight): Prisma compiles every query it runs, and
 * that compilation was the largest share of those requests' CPU. On PostgreSQL the statement is
 * prepared once per connection under `name`. Never inside a transaction: pass the transaction's
 * client to Prisma there instead (the embedded database's single connection is held by it).
 */
export async function sqlQuery<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
  client();
  if (g.candorPgPool) return (await g.candorPgPool.query<T & pg.QueryResultRow>({ name, text, values })).rows;
  return (await g.candorPglite!.query<T>(text, values)).rows;
}

// A unique-index violation as either adapter reports it: Prisma's P2002, or the server's 23505
// passed through (the embedded engine's adapter).
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === "P2002" || e?.cause?.code === "23505";
}

// The embedded engine itself, for the job engine to share (null with DATABASE_URL): one owner,
// one connection, so every statement of the process goes through this instance's queue.
export function embeddedDatabase(): PGlite | null {
  client();
  return g.candorPglite ?? null;
}

// For scripts: flushes and releases the embedded database so the folder can change owner.
export async function closeDb(): Promise<void> {
  if (!g.candorDb) return;
  await g.candorDb.$disconnect();
  await g.candorPglite?.close();
  await g.candorPgPool?.end();
  g.candorDb = undefined;
  g.candorPglite = undefined;
  g.candorPgPool = undefined;
}
