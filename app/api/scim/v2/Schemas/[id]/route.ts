import { schemaDocuments } from "@/lib/scim/documents";
import { scimNotFound } from "@/lib/scim/errors";
import { scimRoute } from "@/lib/scim/route";

export const GET = scimRoute<{ id: string }>({
  handler: async ({ baseUrl, params }) => {
    const doc = schemaDocuments(baseUrl).find((d) => d.id === params.id);
    if (!doc) throw scimNotFound(`Schema ${params.id} not found`);
    return { body: doc };
  },
});
