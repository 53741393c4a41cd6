import { z } from "zod";
import { route } from "@/lib/api";
import { deleteTeam } from "@/lib/authz/reference-data";

export const DELETE = route({
  permission: "matrix.manage",
  params: z.object({ id: z.uuid() }).strict(),
  audit: { action: "authz.team.delete", resourceType: "team" },
  successStatus: 200,
  async handler({ tx, principal, params, audit }) {
    const removed = await deleteTeam(tx, principal, params.id);
    Object.assign(audit, { resourceId: params.id, details: removed });
    return removed;
  },
});
