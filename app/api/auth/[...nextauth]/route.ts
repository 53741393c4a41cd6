import NextAuth from "next-auth";
import { ssoAuthOptions, ssoEnabled } from "@/lib/auth/sso";

// next-auth's endpoints (/api/auth/signin, /callback/candor-sso, /csrf, …). Everything Candor
// decides about the signed-in user happens in lib/auth/sso.ts callbacks and lib/auth/session.ts.
const handler = NextAuth(ssoAuthOptions);

type RouteContext = { params: Promise<{ nextauth: string[] }> };

async function handle(req: Request, ctx: RouteContext): Promise<Response> {
  if (!ssoEnabled()) return new Response(null, { status: 404 });
  return handler(req, ctx);
}

export { handle as GET, handle as POST };
