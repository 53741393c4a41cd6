import { route } from "@/lib/api";
import { IdParams } from "@/lib/identity/schema";
import { revokeScimToken } from "@/lib/scim/service-tokens";

export const DELETE = route({
  permission: "identity.manage",
  params: IdParams,
  successStatus: 200,
  audit: { action: "scim.token.revoke", resourceType: "scim_token" },
  handler: async ({ tx, principal, params, audit }) => {
    audit.resourceId = params.id;
    return { scimToken: await revokeScimToken(tx, principal.tenantId, params.id) };
  },
});
