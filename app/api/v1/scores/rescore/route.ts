import { route } from "@/lib/api";
import { enqueueFullRescore } from "@/lib/scoring/registry";
import { RescoreSchema } from "@/lib/scoring/schema";

// Rescores every open record of an object type in the background; poll GET /api/v1/jobs/{jobId}.
export const POST = route({
  permission: "models.manage",
  body: RescoreSchema,
  audit: { action: "scores.rescore", resourceType: "job" },
  successStatus: 202,
  async handler({ tx, principal, body, audit }) {
    const job = await enqueueFullRescore(tx, principal.tenantId, body.objectType, "full rescore requested", principal.userId);
    audit.resourceId = job.id;
    audit.details = { objectType: body.objectType, deduplicated: job.deduplicated };
    return { jobId: job.id, deduplicated: job.deduplicated };
  },
});
