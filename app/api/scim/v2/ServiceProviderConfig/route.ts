import { serviceProviderConfig } from "@/lib/scim/documents";
import { scimRoute } from "@/lib/scim/route";

export const GET = scimRoute({
  handler: async ({ baseUrl }) => ({ body: serviceProviderConfig(baseUrl) }),
});
