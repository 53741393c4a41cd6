import { route } from "@/lib/api";
import { CreateFlagSchema } from "@/lib/flags/schema";
import { listFlags, ListFlagsQuerySchema } from "@/lib/flags/review";
import { createFlag } from "@/lib/flags/service";

export const POST = route({
  permission: "flags.create",
  body: CreateFlagSchema,
  audit: { action: "flag.create", resourceType: "flag" },
  async handler({ tx, principal, body, audit }) {
    const { flag, created } = await createFlag(tx, principal, body);
    audit.resourceId = flag.id;
    audit.details = { kind: flag.kind, replay: !created };
    return Response.json(flag, { status: created ? 201 : 200, headers: { "cache-control": "no-store" } });
  },
});

// The review queue; managers see their region's flags, data scientists and admins all of them.
export const GET = route({
  permission: "flags.review",
  query: ListFlagsQuerySchema,
  handler: ({ principal, query }) => listFlags(principal, query),
});
