import { route } from "@/lib/api";
import { issueAccessToken } from "@/lib/auth/session";

// Renews the bearer token before it expires; fails once the session is revoked or past its lifetime.
export const POST = route({
  audit: { action: "embed.session.renew", resourceType: "session" },
  successStatus: 200,
  async handler({ principal, audit }) {
    audit.resourceId = principal.sessionId;
    return issueAccessToken(principal.sessionId);
  },
});
