import { route } from "@/lib/api";
import { connectionOps } from "@/lib/operations/queues";
import { ConnectionsResponse, SeriesQuery } from "@/lib/operations/schema";

// Per CRM connection: queue depth, lag, throughput, error rate and breaker state, now and minute by minute.
export const GET = route({
  permission: "operations.manage",
  query: SeriesQuery,
  response: ConnectionsResponse,
  handler: async ({ principal, query }) => ({ connections: await connectionOps(principal.tenantId, query.minutes) }),
});
