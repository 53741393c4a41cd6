import { route } from "@/lib/api";
import { addMapping, listMappings } from "@/lib/identity/admin";
import { MappingInput } from "@/lib/identity/schema";

export const GET = route({
  permission: "identity.manage",
  handler: async ({ tx, principal }) => ({ mappings: await listMappings(tx, principal.tenantId) }),
});

export const POST = route({
  permission: "identity.manage",
  body: MappingInput,
  audit: { action: "identity.mapping.create", resourceType: "group_role_mapping" },
  handler: async ({ tx, principal, body, audit }) => {
    const { mapping, roleChanges } = await addMapping(tx, principal, body);
    Object.assign(audit, { resourceId: mapping.id, details: { ...mapping, roleChanges } });
    return { mapping, roleChanges };
  },
});
