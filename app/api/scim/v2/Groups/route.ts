import { parseListParams } from "@/lib/scim/list";
import { route } from "@/lib/api";
import { scimBaseUrl, scimResult, ScimBody, SCIM_MAX_BODY_BYTES } from "@/lib/scim/route";
import { createGroup, listGroups } from "@/lib/scim/service-groups";

export const GET = route({
  auth: "scim",
  handler: async ({ tx, caller, url }) => scimResult({ body: { ...(await listGroups(tx, caller.tenantId, parseListParams(url.searchParams), scimBaseUrl())) } }),
});

export const POST = route({
  auth: "scim",
  body: ScimBody,
  maxBodyBytes: SCIM_MAX_BODY_BYTES,
  audit: { action: "scim.group.create", resourceType: "group" },
  handler: async ({ tx, caller, body, audit }) => {
    const { id, resource, details } = await createGroup(tx, caller.tenantId, body, scimBaseUrl());
    Object.assign(audit, { resourceId: id, details });
    return scimResult({ status: 201, body: resource, location: `${scimBaseUrl()}/Groups/${id}` });
  },
});
