import { route } from "@/lib/api";
import { AppError } from "@/lib/errors";
import { getJob } from "@/lib/jobs";
import { JobIdSchema } from "@/lib/scoring/schema";

// Progress of a background job (training, full rescoring): status, progress of total, result.
export const GET = route({
  permission: "models.manage",
  params: JobIdSchema,
  async handler({ principal, params }) {
    const job = await getJob(principal.tenantId, params.id);
    if (!job) throw new AppError("not_found", "No such job.");
    return job;
  },
});
