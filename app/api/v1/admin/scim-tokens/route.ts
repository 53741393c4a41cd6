import { route } from "@/lib/api";
import { ScimTokenInput } from "@/lib/identity/schema";
import { scimBaseUrl } from "@/lib/scim/route";
import { createScimToken, listScimTokens } from "@/lib/scim/service-tokens";

export const GET = route({
  permission: "identity.manage",
  handler: async ({ tx, principal }) => ({ scimBaseUrl: scimBaseUrl(), tokens: await listScimTokens(tx, principal.tenantId) }),
});

// The token is in this response and nowhere else, ever.
export const POST = route({
  permission: "identity.manage",
  body: ScimTokenInput,
  audit: { action: "scim.token.create", resourceType: "scim_token" },
  handler: async ({ tx, principal, body, audit }) => {
    const created = await createScimToken(tx, principal.tenantId, body.name);
    Object.assign(audit, { resourceId: created.scimToken.id, details: { name: body.name } });
    return created;
  },
});
