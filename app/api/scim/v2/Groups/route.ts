import { parseListParams } from "@/lib/scim/list";
import { scimRoute } from "@/lib/scim/route";
import { createGroup, listGroups } from "@/lib/scim/service-groups";

export const GET = scimRoute({
  handler: async ({ tx, tenantId, url, baseUrl }) => ({
    body: { ...(await listGroups(tx, tenantId, parseListParams(url.searchParams), baseUrl)) },
  }),
});

export const POST = scimRoute({
  audit: { action: "scim.group.create", resourceType: "group" },
  handler: async ({ tx, tenantId, body, baseUrl, audit }) => {
    const { id, resource, details } = await createGroup(tx, tenantId, body, baseUrl);
    Object.assign(audit, { resourceId: id, details });
    return { status: 201, body: resource, location: `${baseUrl}/Groups/${id}` };
  },
});
