import { z } from "zod";
import { route } from "@/lib/api";
import { searchUsers } from "@/lib/identity/admin";

// The tenant's people, for pickers (check access): name, role, region, team.
export const GET = route({
  permission: "matrix.manage",
  query: z.object({ q: z.string().trim().max(100).default(""), limit: z.coerce.number().int().min(1).max(100).default(20) }).strict(),
  handler: async ({ tx, principal, query }) => ({ users: await searchUsers(tx, principal, query.q, query.limit) }),
});
