import { route } from "@/lib/api";
import { CAPABILITIES, CAPABILITY_INFO, PII_MODES, SCOPES } from "@/lib/authz";
import { currentMatrix, listRoles, saveMatrix } from "@/lib/authz/admin";
import { SaveMatrixInput } from "@/lib/authz/schema";

// The permission matrix in force, with what the editor needs to draw it.
export const GET = route({
  permission: "matrix.manage",
  async handler({ tx, principal }) {
    const [matrix, roles] = await Promise.all([currentMatrix(tx, principal.tenantId), listRoles(tx, principal.tenantId)]);
    return {
      matrix, roles, scopes: SCOPES, piiModes: PII_MODES,
      capabilities: CAPABILITIES.map((key) => ({ key, ...CAPABILITY_INFO[key] })),
    };
  },
});

// Saves a new version on top of `baseVersion` (409 with both versions when someone else saved first).
export const PUT = route({
  permission: "matrix.manage",
  body: SaveMatrixInput,
  maxBodyBytes: 256 * 1024,
  audit: { action: "authz.matrix.save", resourceType: "permission_matrix" },
  successStatus: 200,
  async handler({ tx, principal, body, audit }) {
    const saved = await saveMatrix(tx, principal, body);
    Object.assign(audit, { resourceId: String(saved.version), details: { reason: body.reason, from: body.baseVersion, changes: saved.changes } as never });
    return saved;
  },
});
