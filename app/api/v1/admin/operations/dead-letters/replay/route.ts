import { route } from "@/lib/api";
import { replayDeadLetters } from "@/lib/operations/dead-letters";
import { ReplayBody, ReplayResponse } from "@/lib/operations/schema";

// Replays the dead letters named, or every one of a connection (after the cause was fixed).
export const POST = route({
  permission: "operations.manage",
  body: ReplayBody,
  response: ReplayResponse,
  successStatus: 200,
  audit: { action: "outbox.replay", resourceType: "outbox_message" },
  handler: async ({ tx, principal, body, audit }) => {
    const which = "ids" in body ? { ids: body.ids } : { connectionId: body.connectionId };
    const result = await replayDeadLetters(tx, principal, which);
    audit.details = { replayed: result.replayed, ...("connectionId" in which ? { connectionId: which.connectionId } : {}) };
    if (result.ids.length === 1) audit.resourceId = result.ids[0];
    return { replayed: result.replayed };
  },
});
