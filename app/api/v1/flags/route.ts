import { route } from "@/lib/api";
import { CreateFlagSchema } from "@/lib/flags/schema";
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
