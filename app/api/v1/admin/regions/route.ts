import { route } from "@/lib/api";
import { createRegion, listRegions } from "@/lib/authz/reference-data";
import { RegionInput } from "@/lib/authz/schema";

export const GET = route({
  permission: "matrix.manage",
  handler: async ({ tx, principal }) => ({ regions: await listRegions(tx, principal.tenantId) }),
});

export const POST = route({
  permission: "matrix.manage",
  body: RegionInput,
  audit: { action: "authz.region.create", resourceType: "region" },
  async handler({ tx, principal, body, audit }) {
    const region = await createRegion(tx, principal, body);
    Object.assign(audit, { resourceId: region.code, details: region });
    return region;
  },
});
