import { route } from "@/lib/api";
import { listJobs, liveWorkers } from "@/lib/operations/jobs";
import { JobsResponse } from "@/lib/operations/schema";

export const GET = route({
  permission: "operations.manage",
  response: JobsResponse,
  handler: async ({ principal }) => ({ ...(await listJobs(principal.tenantId)), workers: await liveWorkers() }),
});
