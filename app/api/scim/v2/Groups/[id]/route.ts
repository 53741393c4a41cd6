import { parseListParams } from "@/lib/scim/list";
import { route } from "@/lib/api";
import { ScimIdParams, scimBaseUrl, scimResult, ScimBody, SCIM_MAX_BODY_BYTES } from "@/lib/scim/route";
import { deleteGroup, getGroup, patchGroup, replaceGroup } from "@/lib/scim/service-groups";

export const GET = route({
  auth: "scim",
  params: ScimIdParams,
  handler: async ({ tx, caller, params, url }) => {
    const { attributes, excludedAttributes } = parseListParams(url.searchParams);
    return scimResult({ body: await getGroup(tx, caller.tenantId, params.id, scimBaseUrl(), { attributes, excludedAttributes }) });
  },
});

export const PUT = route({
  auth: "scim",
  params: ScimIdParams,
  body: ScimBody,
  maxBodyBytes: SCIM_MAX_BODY_BYTES,
  audit: { action: "scim.group.replace", resourceType: "group" },
  handler: async ({ tx, caller, params, body, audit }) => {
    const { id, resource, details } = await replaceGroup(tx, caller.tenantId, params.id, body, scimBaseUrl());
    Object.assign(audit, { resourceId: id, details });
    return scimResult({ body: resource });
  },
});

export const PATCH = route({
  auth: "scim",
  params: ScimIdParams,
  body: ScimBody,
  maxBodyBytes: SCIM_MAX_BODY_BYTES,
  audit: { action: "scim.group.patch", resourceType: "group" },
  handler: async ({ tx, caller, params, body, audit }) => {
    const { id, resource, details } = await patchGroup(tx, caller.tenantId, params.id, body, scimBaseUrl());
    Object.assign(audit, { resourceId: id, details });
    return scimResult({ body: resource });
  },
});

export const DELETE = route({
  auth: "scim",
  params: ScimIdParams,
  audit: { action: "scim.group.delete", resourceType: "group" },
  handler: async ({ tx, caller, params, audit }) => {
    const details = await deleteGroup(tx, caller.tenantId, params.id);
    Object.assign(audit, { resourceId: params.id, details });
    return scimResult({ status: 204 });
  },
});
