import { z } from "zod";
import { route } from "@/lib/api";
import { currentMatrix, listRoles } from "@/lib/authz/admin";
import { RoleKey } from "@/lib/authz/schema";
import { permissionSetName, rolePermissionSetXml } from "@/lib/crm/salesforce/permission-sets";
import { AppError } from "@/lib/errors";

// The Salesforce permission set for one Candor role under the tenant's matrix in force, to deploy
// with crm/salesforce and assign to the people who have that role (field-level security on
// Candor's fields; see lib/crm/salesforce/permission-sets.ts for what Salesforce cannot express).
export const GET = route({
  permission: "matrix.manage",
  query: z.object({ role: RoleKey }).strict(),
  async handler({ tx, principal, query }) {
    const [matrix, roles] = await Promise.all([currentMatrix(tx, principal.tenantId), listRoles(tx, principal.tenantId)]);
    const role = roles.find((r) => r.key === query.role);
    const grants = matrix.grants.roles[query.role];
    if (!role || !grants) throw new AppError("not_found", `No role "${query.role}".`);
    const name = permissionSetName(role.key);
    return new Response(rolePermissionSetXml(role, grants), {
      headers: {
        "content-type": "application/xml; charset=utf-8",
        "content-disposition": `attachment; filename="${name}.permissionset-meta.xml"`,
        "cache-control": "no-store",
      },
    });
  },
});
