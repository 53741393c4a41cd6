import { z } from "zod";
import { route } from "@/lib/api";
import { deleteRegion } from "@/lib/authz/reference-data";
import { RegionCode } from "@/lib/authz/schema";

export const DELETE = route({
  permission: "matrix.manage",
  params: z.object({ code: RegionCode }).strict(),
  audit: { action: "authz.region.delete", resourceType: "region" },
  successStatus: 200,
  async handler({ tx, principal, params, audit }) {
    audit.resourceId = params.code;
    return deleteRegion(tx, principal, params.code);
  },
});
