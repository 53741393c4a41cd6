import { route } from "@/lib/api";
import { removeMapping } from "@/lib/identity/admin";
import { IdParams } from "@/lib/identity/schema";

export const DELETE = route({
  permission: "identity.manage",
  params: IdParams,
  successStatus: 200,
  audit: { action: "identity.mapping.delete", resourceType: "group_role_mapping" },
  handler: async ({ tx, principal, params, audit }) => {
    const result = await removeMapping(tx, principal, params.id);
    Object.assign(audit, { resourceId: params.id, details: { ...result.removed, roleChanges: result.roleChanges } });
    return result;
  },
});
