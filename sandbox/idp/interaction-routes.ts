import type { IncomingMessage } from "node:http";
import type { Interaction, KoaContext, Middleware } from "oidc-provider";
import type Provider from "oidc-provider";
import { loginPage, messagePage } from "./pages";
import type { UserDirectory } from "./user-directory";

export const INVALID_CREDENTIALS_MESSAGE = "Incorrect email or password";
export const DEACTIVATED_MESSAGE = "This account is deactivated";

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/;
const MAX_FORM_BYTES = 16 * 1024;

class FormError extends Error {}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
    throw new FormError("expected a url-encoded form");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new FormError("form too large");
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function html(ctx: KoaContext, status: number, body: string): void {
  ctx.status = status;
  ctx.type = "html";
  ctx.body = body;
}

function expired(ctx: KoaContext): void {
  html(
    ctx,
    400,
    messagePage(
      "Sign-in expired",
      "This sign-in request is no longer valid. Go back to the application and start again.",
    ),
  );
}

/**
 * The login UI oidc-provider delegates to (interactions.url defaults to /interaction/:uid).
 * Consent never reaches here because firstPartyGrant pre-approves every registered client.
 */
export function interactionRoutes(provider: Provider, directory: UserDirectory): Middleware {
  return async (ctx, next) => {
    const match = ROUTE.exec(ctx.path);
    if (match === null) return next();
    const [, uid, isLoginPost] = match;
    ctx.set("Cache-Control", "no-store");

    let interaction: Interaction;
    try {
      interaction = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      // Missing or expired interaction cookie: oidc-provider's own error is not user-facing.
      return expired(ctx);
    }
    if (interaction.uid !== uid) return expired(ctx);
    if (interaction.prompt.name !== "login") {
      return html(ctx, 400, messagePage("Unsupported request", "This sign-in step is not supported."));
    }

    const clientId = String(interaction.params["client_id"] ?? "");
    const loginHint = interaction.params["login_hint"];
    const render = (status: number, email: string, error?: string) =>
      html(ctx, status, loginPage({ uid: interaction.uid, clientId, email, error, accounts: directory.entries() }));

    if (ctx.method === "GET" && !isLoginPost) {
      return render(200, typeof loginHint === "string" ? loginHint : "");
    }
    if (ctx.method !== "POST" || !isLoginPost) {
      ctx.set("Allow", isLoginPost ? "POST" : "GET");
      return html(ctx, 405, messagePage("Method not allowed", "Use the sign-in form."));
    }

    let form: URLSearchParams;
    try {
      form = await readForm(ctx.req);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      return html(ctx, 400, messagePage("Bad request", error.message));
    }
    const email = form.get("email") ?? "";
    const result = directory.authenticate(email, form.get("password") ?? "");
    if (!result.ok) {
      return result.reason === "deactivated"
        ? render(403, email, DEACTIVATED_MESSAGE)
        : render(401, email, INVALID_CREDENTIALS_MESSAGE);
    }

    const returnTo = await provider.interactionResult(
      ctx.req,
      ctx.res,
      { login: { accountId: result.user.sub } },
      { mergeWithLastSubmission: false },
    );
    ctx.redirect(returnTo);
    // 303 so the browser follows the POST with a GET to the resume endpoint.
    ctx.status = 303;
  };
}
