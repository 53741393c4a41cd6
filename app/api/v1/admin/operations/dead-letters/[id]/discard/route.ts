import { route } from "@/lib/api";
import { discardDeadLetter } from "@/lib/operations/dead-letters";
import { DiscardBody, DiscardResponse, IdParams } from "@/lib/operations/schema";

export const POST = route({
  permission: "operations.manage",
  params: IdParams,
  body: DiscardBody,
  response: DiscardResponse,
  successStatus: 200,
  audit: { action: "outbox.discard", resourceType: "outbox_message" },
  handler: async ({ tx, principal, params, body, audit }) => {
    Object.assign(audit, { resourceId: params.id, details: { reason: body.reason } });
    return discardDeadLetter(tx, principal, params.id, body.reason);
  },
});
