import { buildListResponse } from "@/lib/scim/list";
import { schemaDocuments } from "@/lib/scim/documents";
import { route } from "@/lib/api";
import { scimBaseUrl, scimResult } from "@/lib/scim/route";

export const GET = route({
  auth: "scim",
  handler: async () => scimResult({ body: { ...buildListResponse(schemaDocuments(scimBaseUrl())) } }),
});
