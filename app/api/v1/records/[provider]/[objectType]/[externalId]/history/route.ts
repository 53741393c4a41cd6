import { route } from "@/lib/api";
import { getScoreHistory } from "@/lib/records/history";
import { RecordRefSchema } from "@/lib/records/ref";

export const GET = route({
  permission: "scores.read",
  params: RecordRefSchema,
  handler: ({ principal, params }) => getScoreHistory(principal, params),
});
