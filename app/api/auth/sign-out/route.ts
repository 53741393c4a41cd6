import { randomUUID } from "node:crypto";
import { signOut } from "@/lib/auth/session";
import { AppError, problemResponse } from "@/lib/errors";

// A plain form POST from the standalone pages (works without JavaScript). Outside next-auth's
// own signout so the Session row is revoked and the IdP's logout gets the id_token hint.
export async function POST(req: Request): Promise<Response> {
  try {
    return await signOut(req);
  } catch (err) {
    if (err instanceof AppError) return problemResponse(err, randomUUID(), new URL(req.url).pathname);
    throw err;
  }
}
