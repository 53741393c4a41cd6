import { parseListParams } from "@/lib/scim/list";
import { scimRoute } from "@/lib/scim/route";
import { deleteUser, getUser, patchUser, replaceUser } from "@/lib/scim/service-users";

type Params = { id: string };

export const GET = scimRoute<Params>({
  handler: async ({ tx, tenantId, params, url, baseUrl }) => {
    const { attributes, excludedAttributes } = parseListParams(url.searchParams);
    return { body: await getUser(tx, tenantId, params.id, baseUrl, { attributes, excludedAttributes }) };
  },
});

// Okta's full replacement.
export const PUT = scimRoute<Params>({
  audit: { action: "scim.user.replace", resourceType: "user" },
  handler: async ({ tx, tenantId, params, body, baseUrl, audit }) => {
    const { id, resource, details } = await replaceUser(tx, tenantId, params.id, body, baseUrl);
    Object.assign(audit, { resourceId: id, details });
    return { body: resource };
  },
});

export const PATCH = scimRoute<Params>({
  audit: { action: "scim.user.patch", resourceType: "user" },
  handler: async ({ tx, tenantId, params, body, baseUrl, audit }) => {
    const { id, resource, details } = await patchUser(tx, tenantId, params.id, body, baseUrl);
    Object.assign(audit, { resourceId: id, details });
    return { body: resource };
  },
});

export const DELETE = scimRoute<Params>({
  audit: { action: "scim.user.delete", resourceType: "user" },
  handler: async ({ tx, tenantId, params, audit }) => {
    const details = await deleteUser(tx, tenantId, params.id);
    Object.assign(audit, { resourceId: params.id, details });
    return { status: 204 };
  },
});
