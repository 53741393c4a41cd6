import { buildListResponse } from "@/lib/scim/list";
import { resourceTypeDocuments } from "@/lib/scim/documents";
import { scimRoute } from "@/lib/scim/route";

export const GET = scimRoute({
  handler: async ({ baseUrl }) => ({ body: { ...buildListResponse(resourceTypeDocuments(baseUrl)) } }),
});
