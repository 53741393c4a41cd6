import { route } from "@/lib/api";
import { getScoreHistory } from "@/lib/records/history";
import { RecordRefSchema } from "@/lib/records/ref";

export const GET = route({
  permission: "scores.view",
  params: RecordRefSchema,
  handler: ({ principal, params }) => getScoreHistory(principal, params),
});
