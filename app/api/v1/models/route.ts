import { route } from "@/lib/api";
import { listVersions } from "@/lib/scoring/registry";
import { ListModelsQuerySchema } from "@/lib/scoring/schema";

export const GET = route({
  permission: "models.manage",
  query: ListModelsQuerySchema,
  handler: async ({ principal, query }) => ({ models: await listVersions(principal.tenantId, query) }),
});
