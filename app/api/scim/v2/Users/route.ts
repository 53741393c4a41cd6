import { parseListParams } from "@/lib/scim/list";
import { scimRoute } from "@/lib/scim/route";
import { createUser, listUsers } from "@/lib/scim/service-users";

export const GET = scimRoute({
  handler: async ({ tx, tenantId, url, baseUrl }) => ({
    body: { ...(await listUsers(tx, tenantId, parseListParams(url.searchParams), baseUrl)) },
  }),
});

export const POST = scimRoute({
  audit: { action: "scim.user.create", resourceType: "user" },
  handler: async ({ tx, tenantId, body, baseUrl, audit }) => {
    const { id, resource, details } = await createUser(tx, tenantId, body, baseUrl);
    Object.assign(audit, { resourceId: id, details });
    return { status: 201, body: resource, location: `${baseUrl}/Users/${id}` };
  },
});
