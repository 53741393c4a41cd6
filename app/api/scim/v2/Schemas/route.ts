import { buildListResponse } from "@/lib/scim/list";
import { schemaDocuments } from "@/lib/scim/documents";
import { scimRoute } from "@/lib/scim/route";

export const GET = scimRoute({
  handler: async ({ baseUrl }) => ({ body: { ...buildListResponse(schemaDocuments(baseUrl)) } }),
});
