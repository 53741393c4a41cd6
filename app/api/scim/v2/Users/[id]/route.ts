import { parseListParams } from "@/lib/scim/list";
import { route } from "@/lib/api";
import { ScimIdParams, scimBaseUrl, scimResult, ScimBody, SCIM_MAX_BODY_BYTES } from "@/lib/scim/route";
import { deleteUser, getUser, patchUser, replaceUser } from "@/lib/scim/service-users";

export const GET = route({
  auth: "scim",
  params: ScimIdParams,
  handler: async ({ tx, caller, params, url }) => {
    const { attributes, excludedAttributes } = parseListParams(url.searchParams);
    return scimResult({ body: await getUser(tx, caller.tenantId, params.id, scimBaseUrl(), { attributes, excludedAttributes }) });
  },
});

// Okta's full replacement.
export const PUT = route({
  auth: "scim",
  params: ScimIdParams,
  body: ScimBody,
  maxBodyBytes: SCIM_MAX_BODY_BYTES,
  audit: { action: "scim.user.replace", resourceType: "user" },
  handler: async ({ tx, caller, params, body, audit }) => {
    const { id, resource, details } = await replaceUser(tx, caller.tenantId, params.id, body, scimBaseUrl());
    Object.assign(audit, { resourceId: id, details });
    return scimResult({ body: resource });
  },
});

export const PATCH = route({
  auth: "scim",
  params: ScimIdParams,
  body: ScimBody,
  maxBodyBytes: SCIM_MAX_BODY_BYTES,
  audit: { action: "scim.user.patch", resourceType: "user" },
  handler: async ({ tx, caller, params, body, audit }) => {
    const { id, resource, details } = await patchUser(tx, caller.tenantId, params.id, body, scimBaseUrl());
    Object.assign(audit, { resourceId: id, details });
    return scimResult({ body: resource });
  },
});

export const DELETE = route({
  auth: "scim",
  params: ScimIdParams,
  audit: { action: "scim.user.delete", resourceType: "user" },
  handler: async ({ tx, caller, params, audit }) => {
    const details = await deleteUser(tx, caller.tenantId, params.id);
    Object.assign(audit, { resourceId: params.id, details });
    return scimResult({ status: 204 });
  },
});
