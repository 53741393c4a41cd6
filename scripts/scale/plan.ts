// What the app processes of the scale-out test do, decided up front by the orchestrator so the
// run is reproducible from its seed: each process gets its own list of operations.

export interface ScaleRecord {
  provider: "SALESFORCE" | "HUBSPOT";
  objectType: string;
  externalId: string;
}

export type Operation =
  // Scores from the tenant's own model, as POST /api/v1/scores/ingest takes them.
  | { type: "ingest"; items: Array<{ record: ScaleRecord; score: number }> }
  // A rep's "this score is wrong" on a record's current score, as POST /api/v1/flags takes it.
  | { type: "flag"; record: ScaleRecord }
  // A record changed in Salesforce (as a webhook or poll would report it): a sync job.
  | { type: "sync"; record: ScaleRecord };

export interface AppPlan {
  tenantId: string;
  adminId: string;
  repId: string;
  connections: { SALESFORCE: string; HUBSPOT: string };
  operations: Operation[];
}

// Mulberry32: small, seeded, good enough to spread operations and faults.
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
