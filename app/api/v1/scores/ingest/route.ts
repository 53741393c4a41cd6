import { route } from "@/lib/api";
import { ingestScores } from "@/lib/scoring/ingest";
import { IngestRequestSchema } from "@/lib/scoring/ingest-schema";

// Bring your own model: batches of up to 500 scores with their reasons (docs/api/ingest.md).
export const POST = route({
  permission: "models.manage",
  body: IngestRequestSchema,
  maxBodyBytes: 2 * 1024 * 1024,
  audit: { action: "scores.ingest", resourceType: "score_batch" },
  async handler({ req, tx, principal, body, audit }) {
    const key = req.headers.get("idempotency-key");
    const { status, response, replay } = await ingestScores(tx, principal, key, body);
    audit.resourceId = key ?? undefined;
    audit.details = { items: body.items.length, accepted: response.accepted, replay };
    return Response.json(response, {
      status,
      headers: { "cache-control": "no-store", ...(replay ? { "idempotent-replayed": "true" } : {}) },
    });
  },
});
