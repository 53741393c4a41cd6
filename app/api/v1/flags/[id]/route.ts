import { route } from "@/lib/api";
import { EditFlagSchema, FlagIdSchema } from "@/lib/flags/schema";
import { editFlag } from "@/lib/flags/service";

// The author changes their own open flag; the CRM activity is rewritten through the outbox.
export const PATCH = route({
  permission: "flags.create",
  params: FlagIdSchema,
  body: EditFlagSchema,
  audit: { action: "flag.edit", resourceType: "flag" },
  successStatus: 200,
  async handler({ tx, principal, params, body, audit }) {
    const flag = await editFlag(tx, principal, params.id, body);
    audit.resourceId = flag.id;
    audit.details = { kind: flag.kind, revision: flag.revision };
    return flag;
  },
});
