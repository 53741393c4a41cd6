import { route } from "@/lib/api";
import { createTeam, listTeams } from "@/lib/authz/reference-data";
import { TeamInput } from "@/lib/authz/schema";

export const GET = route({
  permission: "matrix.manage",
  handler: async ({ tx, principal }) => ({ teams: await listTeams(tx, principal.tenantId) }),
});

export const POST = route({
  permission: "matrix.manage",
  body: TeamInput,
  audit: { action: "authz.team.create", resourceType: "team" },
  async handler({ tx, principal, body, audit }) {
    const created = await createTeam(tx, principal, body);
    Object.assign(audit, { resourceId: created.team.id, details: { ...created.team, membersChanged: created.membersChanged } });
    return created;
  },
});
