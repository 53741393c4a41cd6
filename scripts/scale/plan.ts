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

// Seeded, so a failing run can be repeated: the training engine's generator (mulberry32).
export { createRng as prng } from "@/lib/scoring/gbdt/prng";
