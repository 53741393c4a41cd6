import { serviceProviderConfig } from "@/lib/scim/documents";
import { route } from "@/lib/api";
import { scimBaseUrl, scimResult } from "@/lib/scim/route";

export const GET = route({
  auth: "scim",
  handler: async () => scimResult({ body: serviceProviderConfig(scimBaseUrl()) }),
});
