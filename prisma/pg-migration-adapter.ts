import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// Two gaps in @prisma/adapter-pg 6.19 when it serves the Wasm schema engine (prisma.config.ts):
// - it cannot map catalog columns of PostgreSQL's internal `name` type (OID 19), so the migration
//   connection reports them as text;
// - its executeScript splits a migration on every ";", which breaks function bodies; the whole
//   script goes to the server in one simple-protocol query instead, which PostgreSQL also runs
//   as one implicit transaction, so a failed migration leaves nothing half-applied.
// Only the CLI uses this; the app connects through lib/db.ts.
const NAME_OID = 19;
const TEXT_OID = 25;

function asText<T>(result: T): T {
  for (const f of (result as { fields?: { dataTypeID: number }[] })?.fields ?? []) {
    if (f.dataTypeID === NAME_OID) f.dataTypeID = TEXT_OID;
  }
  return result;
}

class NameAsTextClient extends pg.Client {
  // pg's Pool calls query with a trailing callback; direct callers use the promise.
  query(...args: unknown[]): never {
    const cb = typeof args.at(-1) === "function" ? (args.pop() as (e: unknown, r?: unknown) => void) : null;
    const p = (super.query as (...a: unknown[]) => Promise<unknown>)(...args).then(asText);
    if (cb) {
      p.then((r) => cb(null, r), (e) => cb(e));
      return undefined as never;
    }
    return p as never;
  }
}

export function migrationAdapter(connectionString: string) {
  const pool = new pg.Pool({ connectionString, Client: NameAsTextClient, max: 2 });
  const factory = new PrismaPg(pool, { disposeExternalPool: true });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    return adapter;
  };
  return factory;
}
