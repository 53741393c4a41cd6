import { z } from "zod";
import { route } from "@/lib/api";
import { exchangeBootstrapCode } from "@/lib/auth/session";
import { parseRecordRef } from "@/lib/records/ref";

// The panel trades its single-use bootstrap code for an in-memory bearer token.
export const POST = route({
  auth: "public",
  body: z.object({ code: z.string().min(20).max(4096) }).strict(),
  audit: { action: "embed.session.exchange", resourceType: "session" },
  successStatus: 200,
  async handler({ body, audit, tx }) {
    const { principal, record, token, expiresAt } = await exchangeBootstrapCode(body.code, tx);
    audit.resourceId = principal.sessionId;
    return { token, expiresAt, record: record ? parseRecordRef(record) : null };
  },
});
