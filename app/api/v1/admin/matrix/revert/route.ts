import { route } from "@/lib/api";
import { revertMatrix } from "@/lib/authz/admin";
import { RevertInput } from "@/lib/authz/schema";

// Saves an older version's grants again, as a new version.
export const POST = route({
  permission: "matrix.manage",
  body: RevertInput,
  audit: { action: "authz.matrix.revert", resourceType: "permission_matrix" },
  successStatus: 200,
  async handler({ tx, principal, body, audit }) {
    const saved = await revertMatrix(tx, principal, body);
    Object.assign(audit, { resourceId: String(saved.version), details: { reason: body.reason, to: body.toVersion, from: body.baseVersion, changes: saved.changes } as never });
    return saved;
  },
});
