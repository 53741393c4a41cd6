import { z } from "zod";
import { route } from "@/lib/api";
import { matrixHistory } from "@/lib/authz/admin";

// Version history: who saved what, when and why, with each version's changes.
export const GET = route({
  permission: "matrix.manage",
  query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict(),
  handler: async ({ tx, principal, query }) => ({ versions: await matrixHistory(tx, principal.tenantId, query.limit) }),
});
