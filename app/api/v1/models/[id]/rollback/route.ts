import { route } from "@/lib/api";
import { rollbackVersion } from "@/lib/scoring/registry";
import { ModelIdSchema } from "@/lib/scoring/schema";

export const POST = route({
  permission: "models.manage",
  params: ModelIdSchema,
  audit: { action: "model.rollback", resourceType: "model_version" },
  successStatus: 200,
  async handler({ tx, principal, params, audit }) {
    const result = await rollbackVersion(tx, principal.tenantId, params.id, principal.userId);
    audit.resourceId = result.id;
    audit.details = { ...result };
    return result;
  },
});
