import { route } from "@/lib/api";
import { enqueueJob } from "@/lib/jobs";
import { TRAIN_JOB } from "@/lib/scoring/job-kinds";
import { TrainModelSchema } from "@/lib/scoring/schema";

// Training takes seconds to minutes, so it runs as a job; poll GET /api/v1/jobs/{jobId}.
export const POST = route({
  permission: "models.manage",
  body: TrainModelSchema,
  audit: { action: "model.train", resourceType: "job" },
  successStatus: 202,
  async handler({ tx, principal, body, audit }) {
    const job = await enqueueJob(tx, {
      tenantId: principal.tenantId, kind: TRAIN_JOB, createdBy: principal.userId,
      payload: { objectType: body.objectType, promote: body.promote, trainedBy: principal.userId, ...(body.seed !== undefined ? { seed: body.seed } : {}) },
      dedupeKey: `${TRAIN_JOB}:${principal.tenantId}:${body.objectType}`,
    });
    audit.resourceId = job.id;
    audit.details = { objectType: body.objectType, promote: body.promote, deduplicated: job.deduplicated };
    return { jobId: job.id, deduplicated: job.deduplicated };
  },
});
