import { z } from "zod";
import { route } from "@/lib/api";
import { resolveFlag, ResolveFlagSchema } from "@/lib/flags/review";

export const POST = route({
  permission: "flags.review",
  params: z.object({ id: z.string().uuid() }).strict(),
  body: ResolveFlagSchema,
  audit: { action: "flag.resolve", resourceType: "flag" },
  successStatus: 200,
  async handler({ tx, principal, params, body, audit }) {
    const result = await resolveFlag(tx, principal, params.id, body);
    audit.resourceId = result.id;
    audit.details = { decision: body.decision, label: result.trainingLabel?.label ?? null };
    return result;
  },
});
