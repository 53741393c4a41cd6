import { route } from "@/lib/api";
import { checkAccess } from "@/lib/authz/check-access";
import { CheckAccessInput } from "@/lib/authz/schema";

// Allowed or denied, and the rule that decided, for one user on one record.
export const GET = route({
  permission: "matrix.manage",
  query: CheckAccessInput,
  handler: ({ tx, principal, query }) => checkAccess(tx, principal, query),
});
