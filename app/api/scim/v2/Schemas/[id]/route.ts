import { schemaDocuments } from "@/lib/scim/documents";
import { scimNotFound } from "@/lib/scim/errors";
import { route } from "@/lib/api";
import { ScimIdParams, scimBaseUrl, scimResult } from "@/lib/scim/route";

export const GET = route({
  auth: "scim",
  params: ScimIdParams,
  handler: async ({ params }) => {
    const doc = schemaDocuments(scimBaseUrl()).find((d) => d.id === params.id);
    if (!doc) throw scimNotFound(`Schema ${params.id} not found`);
    return scimResult({ body: doc });
  },
});
