import { route } from "@/lib/api";
import { FlagIdSchema, WithdrawFlagSchema } from "@/lib/flags/schema";
import { withdrawFlag } from "@/lib/flags/service";

// The author takes back their own open flag before review; the CRM activity is closed through the outbox.
export const POST = route({
  permission: "flags.create",
  params: FlagIdSchema,
  body: WithdrawFlagSchema,
  audit: { action: "flag.withdraw", resourceType: "flag" },
  successStatus: 200,
  async handler({ tx, principal, params, body, audit }) {
    const flag = await withdrawFlag(tx, principal, params.id, body);
    audit.resourceId = flag.id;
    audit.details = { revision: flag.revision };
    return flag;
  },
});
