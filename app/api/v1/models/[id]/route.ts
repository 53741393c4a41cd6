import { route } from "@/lib/api";
import { getVersion } from "@/lib/scoring/registry";
import { ModelIdSchema } from "@/lib/scoring/schema";

export const GET = route({
  permission: "models.manage",
  params: ModelIdSchema,
  handler: ({ principal, params }) => getVersion(principal.tenantId, params.id),
});
