import { parseListParams } from "@/lib/scim/list";
import { scimRoute } from "@/lib/scim/route";
import { deleteGroup, getGroup, patchGroup, replaceGroup } from "@/lib/scim/service-groups";

type Params = { id: string };

export const GET = scimRoute<Params>({
  handler: async ({ tx, tenantId, params, url, baseUrl }) => {
    const { attributes, excludedAttributes } = parseListParams(url.searchParams);
    return { body: await getGroup(tx, tenantId, params.id, baseUrl, { attributes, excludedAttributes }) };
  },
});

export const PUT = scimRoute<Params>({
  audit: { action: "scim.group.replace", resourceType: "group" },
  handler: async ({ tx, tenantId, params, body, baseUrl, audit }) => {
    const { id, resource, details } = await replaceGroup(tx, tenantId, params.id, body, baseUrl);
    Object.assign(audit, { resourceId: id, details });
    return { body: resource };
  },
});

export const PATCH = scimRoute<Params>({
  audit: { action: "scim.group.patch", resourceType: "group" },
  handler: async ({ tx, tenantId, params, body, baseUrl, audit }) => {
    const { id, resource, details } = await patchGroup(tx, tenantId, params.id, body, baseUrl);
    Object.assign(audit, { resourceId: id, details });
    return { body: resource };
  },
});

export const DELETE = scimRoute<Params>({
  audit: { action: "scim.group.delete", resourceType: "group" },
  handler: async ({ tx, tenantId, params, audit }) => {
    const details = await deleteGroup(tx, tenantId, params.id);
    Object.assign(audit, { resourceId: params.id, details });
    return { status: 204 };
  },
});
