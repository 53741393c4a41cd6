import { z } from "zod";
import { route } from "@/lib/api";
import { deleteRole } from "@/lib/authz/admin";
import { RoleKey } from "@/lib/authz/schema";

export const DELETE = route({
  permission: "matrix.manage",
  params: z.object({ key: RoleKey }).strict(),
  body: z.object({ baseVersion: z.number().int().min(1), reason: z.string().trim().min(3).max(500) }).strict(),
  audit: { action: "authz.role.delete", resourceType: "role" },
  successStatus: 200,
  async handler({ tx, principal, params, body, audit }) {
    const saved = await deleteRole(tx, principal, params.key, body);
    Object.assign(audit, { resourceId: params.key, details: { reason: body.reason, version: saved.version } });
    return saved;
  },
});
