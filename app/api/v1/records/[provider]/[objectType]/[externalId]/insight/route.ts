import { route } from "@/lib/api";
import { insightJson } from "@/lib/records/insight";
import { RecordRefSchema } from "@/lib/records/ref";

export const GET = route({
  permission: "scores.view",
  params: RecordRefSchema,
  // Already JSON text (lib/records/insight.ts assembles it without a parse/stringify round).
  handler: async ({ principal, params }) =>
    new Response(await insightJson(principal, params), { headers: { "content-type": "application/json", "cache-control": "no-store" } }),
});
