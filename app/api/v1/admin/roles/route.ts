import { route } from "@/lib/api";
import { createRole, listRoles } from "@/lib/authz/admin";
import { CreateRoleInput } from "@/lib/authz/schema";

export const GET = route({
  permission: "matrix.manage",
  handler: async ({ tx, principal }) => ({ roles: await listRoles(tx, principal.tenantId) }),
});

// A new role, empty or cloned from another; saved as a new matrix version.
export const POST = route({
  permission: "matrix.manage",
  body: CreateRoleInput,
  audit: { action: "authz.role.create", resourceType: "role" },
  async handler({ tx, principal, body, audit }) {
    const saved = await createRole(tx, principal, body);
    Object.assign(audit, { resourceId: body.key, details: { name: body.name, cloneFrom: body.cloneFrom ?? null, reason: body.reason, version: saved.version } });
    return { key: body.key, ...saved };
  },
});
