import { route } from "@/lib/api";
import { listJobs, liveWorkers } from "@/lib/operations/jobs";

export const GET = route({
  permission: "operations.manage",
  handler: async ({ principal }) => ({ ...(await listJobs(principal.tenantId)), workers: await liveWorkers() }),
});
