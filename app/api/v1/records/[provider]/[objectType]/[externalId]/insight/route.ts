import { route } from "@/lib/api";
import { getInsight } from "@/lib/records/insight";
import { RecordRefSchema } from "@/lib/records/ref";

export const GET = route({
  permission: "scores.view",
  params: RecordRefSchema,
  handler: ({ principal, params }) => getInsight(principal, params),
});
