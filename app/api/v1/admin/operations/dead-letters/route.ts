import { route } from "@/lib/api";
import { listDeadLetters } from "@/lib/operations/dead-letters";
import { DeadLetterQuery, DeadLettersResponse } from "@/lib/operations/schema";

export const GET = route({
  permission: "operations.manage",
  query: DeadLetterQuery,
  response: DeadLettersResponse,
  handler: async ({ principal, query }) => listDeadLetters(principal.tenantId, query),
});
