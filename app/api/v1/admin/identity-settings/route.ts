import { route } from "@/lib/api";
import { identitySettings, setUnmatchedPolicy } from "@/lib/identity/admin";
import { PolicyInput } from "@/lib/identity/schema";

export const GET = route({
  permission: "identity.manage",
  handler: async ({ tx, principal }) => identitySettings(tx, principal.tenantId),
});

export const PUT = route({
  permission: "identity.manage",
  body: PolicyInput,
  successStatus: 200,
  audit: { action: "identity.settings.update", resourceType: "tenant" },
  handler: async ({ tx, principal, body, audit }) => {
    Object.assign(audit, { resourceId: principal.tenantId, details: { ...body } });
    return setUnmatchedPolicy(tx, principal.tenantId, body.unmatchedUserPolicy);
  },
});
