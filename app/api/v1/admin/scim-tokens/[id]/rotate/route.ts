import { route } from "@/lib/api";
import { IdParams } from "@/lib/identity/schema";
import { rotateScimToken } from "@/lib/scim/service-tokens";

export const POST = route({
  permission: "identity.manage",
  params: IdParams,
  audit: { action: "scim.token.rotate", resourceType: "scim_token" },
  handler: async ({ tx, principal, params, audit }) => {
    const rotated = await rotateScimToken(tx, principal.tenantId, params.id);
    Object.assign(audit, { resourceId: params.id, details: { replacement: rotated.scimToken.id } });
    return rotated;
  },
});
