import { resourceTypeDocuments } from "@/lib/scim/documents";
import { scimNotFound } from "@/lib/scim/errors";
import { scimRoute } from "@/lib/scim/route";

export const GET = scimRoute<{ id: string }>({
  handler: async ({ baseUrl, params }) => {
    const doc = resourceTypeDocuments(baseUrl).find((d) => d.id === params.id);
    if (!doc) throw scimNotFound(`ResourceType ${params.id} not found`);
    return { body: doc };
  },
});
