import { route } from "@/lib/api";
import { signOut } from "@/lib/auth/session";

// A plain form POST from the standalone pages (works without JavaScript). Outside next-auth's
// own signout so the Session row is revoked and the IdP's logout gets the id_token hint. Public:
// an expired session must still be able to clear its cookie.
export const POST = route({
  auth: "public",
  audit: { action: "sso.sign_out", resourceType: "session" },
  async handler({ req, tx, audit }) {
    return signOut(req, tx, (ended) => {
      if (ended) Object.assign(audit, { tenantId: ended.tenantId, actorUserId: ended.userId, resourceId: ended.sessionId });
      else audit.outcome = "failure";
    });
  },
});
